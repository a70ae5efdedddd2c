"""Background jobs: a Job row with progress and log, eager without a broker, a real worker with Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from kombu import pools as kombu_pools

from npgov.celery import app as celery_app
from npgov.core.models import Job
from npgov.core.tasks import system_check_task
from tests.conftest import Personas, client_for
from tests.core.factories import JobFactory

REDIS = ("127.0.0.1", 6379)


@pytest.mark.django_db
def test_it_runs_the_system_check_eagerly_and_shows_the_result(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    client = client_for(personas.bureau)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:job_system_check"))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.progress, job.user) == ("succeeded", 100, personas.bureau)
    assert job.result["counts"]["core.District"] == 31
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已完成" in page and "已统计" in page
    # the polled fragment stops polling once finished
    fragment = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and "100%" in fragment


@pytest.mark.django_db
def test_a_running_job_fragment_keeps_polling(personas: Personas) -> None:
    job = JobFactory(name="x", task="t", user=personas.bureau, status="running", progress=40)
    fragment = client_for(personas.bureau).get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "40%" in fragment


@pytest.mark.django_db
def test_it_records_a_crash_with_its_traceback(personas: Personas) -> None:
    job = JobFactory(name="x", task="t", user=personas.bureau)
    with job.running():
        raise RuntimeError("boom")
    job.refresh_from_db()
    assert job.status == "failed" and "RuntimeError: boom" in job.error and job.log[-1]["level"] == "error"


def _redis_available() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def real_broker() -> Any:
    """Point this process's Celery app at Redis for the test, then restore eager mode."""
    url = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    yield url
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    # Close the Redis connections and forget the pools: eager tasks later in this process still take a producer
    # from the app's pool, and a closed pool would refuse them ("Acquire on closed pool").
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_job_through_a_real_celery_worker_on_redis(
    personas: Personas, real_broker: str, tmp_path: Path
) -> None:
    if not _redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it): real-worker test not run")
    # given a worker process on its own queue, reading the test database
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": real_broker,
           "DJANGO_SETTINGS_MODULE": "npgov.settings"}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "npgov.celery", "worker", "--pool=solo", "-Q", queue,
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        job = JobFactory(name="system check", task=system_check_task.name, user=personas.bureau)
        # when
        with celery_app.connection_for_write(real_broker) as broker_connection:
            system_check_task.apply_async(kwargs={"job_id": job.pk}, queue=queue, connection=broker_connection)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not job.finished:
            time.sleep(0.5)
            job.refresh_from_db()
        # then
        assert job.status == "succeeded", (job.status, job.error)
        assert job.progress == 100 and job.result["counts"]["core.District"] == 31
        # and a monitoring import, whose progress is written from a side connection while its COPY runs
        _run_monitoring_import(queue, real_broker, personas, tmp_path)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in output, output


def _run_monitoring_import(queue: str, broker: str, personas: Personas, tmp_path: Path) -> None:
    from npgov.monitoring.models import Result
    from npgov.monitoring.tasks import import_results_task
    from tests.monitoring.factories import SiteFactory

    SiteFactory(code="DL-DW-01")  # the code the results file names
    path = tmp_path / "results.csv"
    rows = [f"DL-DW-01,2025-06-{day:02d},1763-23-1,{day / 10},ng/L,0.1,0.3" for day in range(1, 29)]
    path.write_text("站点编码,采样时间,物质,测定值,单位,检出限,定量限\n" + "\n".join(rows) + "\n", encoding="utf-8")
    params = {"path": str(path), "filename": path.name, "mapping": None, "commit": True}
    job = JobFactory(name="import", task=import_results_task.name, user=personas.bureau, params=params)
    with celery_app.connection_for_write(broker) as broker_connection:
        import_results_task.apply_async(kwargs={"job_id": job.pk}, queue=queue, connection=broker_connection)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not job.finished:
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == "succeeded", (job.status, job.error, job.log)
    assert job.result["results"] == 28 and Result.objects.count() == 28
    assert not path.exists()  # the upload is removed once imported
