"""Faults a deployment meets: a worker killed mid-import, PostgreSQL restarting, a full disk, a lost database.

The quick ones (a simulated lost database, a full disk) run everywhere. Those that need real services and
disturb them (a real Celery worker on Redis killed with SIGKILL; ``pg_ctlcluster … restart``) are marked
``faults`` and run only with ``NPGOV_FAULTS=1`` against PostgreSQL, alone (CI runs
``NPGOV_FAULTS=1 DATABASE_URL=… pytest -p no:xdist tests/ops -m faults``): restarting the server would break
other suites sharing it.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from npgov.core.choices import JobStatus
from npgov.core.models import Job
from npgov.core.services import recovery
from npgov.monitoring.models import Site

BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("NPGOV_FAULTS_REDIS", "redis://127.0.0.1:6379/12")
FAULTS = os.environ.get("NPGOV_FAULTS") == "1"


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# --- the database cannot be reached --------------------------------------------------------------------------


def test_a_lost_database_answers_503_not_a_traceback(personas: Any) -> None:
    client = _client(personas.bureau)
    with mock.patch("npgov.core.views.auth.connection") as lost:
        lost.cursor.side_effect = OperationalError("server closed the connection unexpectedly")
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"The database cannot be reached" in response.content and b"Traceback" not in response.content


def test_a_lost_database_in_middleware_answers_503(personas: Any) -> None:
    """The session is read before any view runs: the error must still be the clean 503 page."""
    client = _client(personas.bureau)
    target = "django.contrib.sessions.backends.db.SessionStore._get_session_from_db"
    with mock.patch(target, side_effect=OperationalError("the database system is starting up")):
        page = client.get("/")
        api = client.get("/api/core/jobs/")
    assert page.status_code == 503 and b"The service is briefly unavailable" in page.content
    assert api.status_code == 503 and api.json()["detail"].startswith("The database cannot be reached")


# --- a full disk during an upload ----------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path, settings: Any) -> Iterator[str]:
    """MEDIA_ROOT on a 64 KiB tmpfs when this machine lets us mount one (root), else writes patched to ENOSPC."""
    media = tmp_path / "media"
    media.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)], capture_output=True, check=False
    ).returncode == 0  # fmt: skip
    settings.MEDIA_ROOT = media
    if mounted:
        try:
            (media / "filler").write_bytes(b"\0" * 60 * 1024)
        except OSError:
            pass
        try:
            yield "tmpfs"
        finally:
            subprocess.run(["umount", str(media)], check=False)
        return
    real_open, real_path_open = open, Path.open

    def refuse(file: Any, mode: str) -> None:
        if str(file).startswith(str(media)) and any(m in mode for m in "wax+"):
            raise OSError(errno.ENOSPC, "No space left on device", str(file))

    def no_space(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        refuse(file, mode)
        return real_open(file, mode, *args, **kwargs)

    def path_no_space(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        refuse(self, mode)
        return real_path_open(self, mode, *args, **kwargs)

    with mock.patch("builtins.open", no_space), mock.patch.object(Path, "open", path_no_space):
        yield "patched"


def test_a_full_disk_during_an_upload_answers_a_clear_message(personas: Any, full_disk: str) -> None:
    client = _client(personas.bureau)
    rows = "".join(f"DL-HL-{n:03d},2025-06-01 09:00,1763-23-1,{n / 10},ng/L\n" for n in range(4000))
    data = ("site_code,sampled_at,substance,value,unit\n" + rows).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("results.csv", data, content_type="text/csv")
    jobs_before = Job.objects.count()
    response = client.post(reverse("monitoring:result_import"), {"file": upload})

    assert response.status_code == 507, (full_disk, response.status_code)
    text = response.content.decode()
    assert "no room left to store files" in text and "Nothing of this upload was saved" in text
    assert "Traceback" not in text and "Errno" not in text
    assert Job.objects.count() == jobs_before


# --- a Celery worker killed in the middle of a large import --------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(hostname: str, log: Path, instance: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "npgov.settings", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": REDIS_URL, "NPGOV_INSTANCE_DIR": str(instance), "NPGOV_ENVIRONMENT": "development",
           "DEBUG": "false"}  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(BIN / "celery"), "-A", "npgov", "worker", "--concurrency", "1", "--hostname", hostname,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "info"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def _kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)


def _wait(predicate: Any, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


class _Watch:
    """A side connection that sees what the worker's connection is doing."""

    def __init__(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.side = psycopg.connect(**params, autocommit=True)

    def writing(self, table: str) -> bool:
        """The worker's connection is inside the import's write transaction (an INSERT into ``table``)."""
        found = self.side.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND xact_start IS NOT NULL AND query ILIKE %s",
            [connection.settings_dict["NAME"], f'%INSERT INTO "{table}"%'],
        ).fetchone()[0]
        return bool(found)

    def status(self, job_id: int) -> str:
        return str(self.side.execute("SELECT status FROM core_job WHERE id = %s", [job_id]).fetchone()[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.faults
def test_a_worker_killed_mid_import_leaves_nothing_half_written_and_the_job_can_run_again(
    personas: Any, tmp_path: Path, settings: Any
) -> None:
    if not FAULTS:
        pytest.skip("set NPGOV_FAULTS=1 to run the fault tests (they start and kill a Celery worker)")
    if connection.vendor != "postgresql":
        pytest.skip("a real worker shares the test database: PostgreSQL only")
    import redis
    from kombu import Connection

    from npgov.celery import app

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = int(os.environ.get("NPGOV_FAULTS_ROWS", "6000"))
    path = settings.MEDIA_ROOT / "imports" / "sites.csv"
    path.parent.mkdir(parents=True)
    lines = ["code,name,kind,district,latitude,longitude"]
    lines += [f"FAULT-{n:05d},故障测试点位{n:05d},river,210211,{39 + n % 500 / 1000:.3f},121.600" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = Job.objects.create(name="导入故障测试点位", task="core.import_file", user=personas.bureau,
                             params={"spec": "monitoring-sites", "path": str(path), "filename": "sites.csv",
                                     "rows": rows})  # fmt: skip
    hostname = f"faults-{uuid.uuid4().hex[:8]}@%h"
    log = tmp_path / "worker.log"
    worker = _start_worker(hostname, log, tmp_path / "instance")
    try:
        with Connection(REDIS_URL) as broker:
            app.send_task("core.import_file", kwargs={"job_id": job.pk}, connection=broker)
        # kill the whole worker (main process and pool) at the worst moment: inside the write transaction
        watch = _Watch()
        _wait(lambda: watch.writing("monitoring_%site") or watch.status(job.pk) in ("succeeded", "failed"), 600,
              "the import's write transaction", log)  # fmt: skip
        _kill(worker)
        watch.side.close()
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING, ("the import ended before it could be killed", job.log)

        assert not Site.objects.filter(code__startswith="FAULT-").exists()  # nothing half-written
        assert path.is_file()  # the upload is kept: the job can run again

        # the worker comes back (same node name): its start ends the job its dead predecessor was running
        worker = _start_worker(hostname, log, tmp_path / "instance")
        _wait(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, 60, "the stale job sweep", log)
    finally:
        _kill(worker)
    job.refresh_from_db()
    assert job.log[-1]["message"] == recovery.stale_message() and job.finished_at is not None
    assert recovery.job_can_restart(job)

    response = _client(personas.bureau).post(reverse("core:job_restart", args=[job.pk]))
    assert response.status_code == 302
    new = Job.objects.exclude(pk=job.pk).get(params__restart_of=job.pk)
    assert response["Location"] == new.get_absolute_url()
    assert new.status == JobStatus.SUCCEEDED, new.log
    assert Site.objects.filter(code__startswith="FAULT-").count() == rows  # each row exactly once
    job.refresh_from_db()
    assert not recovery.job_can_restart(job)  # run again once only


@pytest.mark.django_db
def test_the_stale_job_sweep_fails_jobs_with_no_sign_of_life(personas: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.core.factories import JobFactory

    dead = JobFactory(status=JobStatus.RUNNING, params={"worker": "w1@host", "worker_pid": 2**22 + 7,
                                                        "worker_host": os.uname().nodename})  # fmt: skip
    quiet = JobFactory(status=JobStatus.RUNNING)
    alive = JobFactory(status=JobStatus.RUNNING)
    done = JobFactory(status=JobStatus.SUCCEEDED)
    Job.objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - timedelta(hours=7))

    assert recovery.jobs_fail_stale() == 2
    statuses = dict(Job.objects.filter(pk__in=[dead.pk, quiet.pk, alive.pk, done.pk]).values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", quiet.pk: "failed", alive.pk: "running", done.pk: "succeeded"}
    assert recovery.jobs_fail_of_worker("w1@host") == 0  # already failed: never overwritten


# --- PostgreSQL restarting during requests -------------------------------------------------------------------


def _pg_cluster() -> tuple[str, str] | None:
    root = Path("/etc/postgresql")
    if not root.is_dir() or not shutil.which("pg_ctlcluster"):
        return None
    for version in sorted(root.iterdir(), reverse=True):
        if (version / "main").is_dir():
            return version.name, "main"
    return None


@pytest.mark.django_db(transaction=True)
@pytest.mark.faults
def test_postgresql_restart_during_requests_gives_clean_errors_and_recovers(personas: Any, live_server: Any) -> None:
    if not FAULTS:
        pytest.skip("set NPGOV_FAULTS=1 to run the fault tests (this one restarts PostgreSQL)")
    if connection.vendor != "postgresql":
        pytest.skip("restarts the PostgreSQL server")
    cluster = _pg_cluster()
    if cluster is None:
        pytest.skip("no local PostgreSQL cluster to restart (pg_ctlcluster)")
    client = Client()
    client.force_login(personas.bureau)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    statuses: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            for path in ("/healthz/", "/", "/enterprises/"):
                request = urllib.request.Request(live_server.url + path, headers={"Cookie": cookie,
                                                                                  "Accept-Language": "en"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        statuses.append((time.monotonic(), response.status, ""))
                except urllib.error.HTTPError as exc:
                    statuses.append((time.monotonic(), exc.code, exc.read().decode(errors="replace")[:2000]))
                except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                    statuses.append((time.monotonic(), 0, repr(exc)))
            time.sleep(0.05)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        restarted = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True, timeout=120)
        back = time.monotonic()
        deadline = back + 30
        while time.monotonic() < deadline:  # recovered: the last 9 requests all answered 200
            time.sleep(0.5)
            recent = [s for t, s, _ in statuses[-9:] if t > back]
            if len(recent) == 9 and set(recent) == {200}:
                break
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        connection.close()  # the test's own connection died with the server
    during = [(s, body) for t, s, body in statuses if t >= restarted]
    assert during, "no request was made during the restart"
    assert {s for s, _ in during} <= {200, 503}, sorted({(s, b[:200]) for s, b in during if s not in (200, 503)})
    assert all("Traceback" not in body for _, body in during)
    assert [s for t, s, _ in statuses[-9:]] == [200] * 9, "the application did not recover by itself"
