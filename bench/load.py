"""Benchmark: 50 users for 60 s against gunicorn + PostgreSQL + a Celery worker on Redis (locust, loopback).

The mix (bench/locustfile.py): officials open their workspace, lists (enterprises, substances, results, sites,
submissions, the inventory), record pages and the monitoring map with its data; enterprises fill in their
survey report one line at a time (each line a POST that the server accepts with a redirect); one monitoring
official imports a results file every few seconds as a background job run by the Celery worker and waits for
it. Every user also calls ``/healthz/`` (one ``SELECT 1``): the trivial view, measured under the same load.

Set-up, all of it its own and removed at the end: a database ``npgov_load`` (dropped and created), migrated,
``npgov reference`` (``--demo``: ``npgov demo``), a fixture of officials, 50 enterprises with their users and
draft submissions, sites and a laboratory; Redis database 13 (flushed); a temporary instance directory;
gunicorn on a free port (``--workers``, ``--threads``) and ``celery -A npgov worker``. Prints

    BENCH load p95_ms=<p95 of the mix> ratio=<p95 mix / p95 trivial> errors=<n> lost=<n>

``errors``: failed requests (any 4xx/5xx, timeouts, a job that failed); ``lost``: lines the clients saw
accepted that are not stored, plus result rows of import jobs that succeeded but are not stored.
Targets: 0 errors, 0 lost, ratio <= 3. Skips with a message when PostgreSQL or Redis cannot be reached
(NPGOV_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432; NPGOV_BENCH_REDIS, default
redis://127.0.0.1:6379/13). Usage: python bench/load.py [--users 50] [--seconds 60] [--workers 4] [--threads 8]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER = os.environ.get("NPGOV_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("NPGOV_BENCH_REDIS", "redis://127.0.0.1:6379/13")
DATABASE = "npgov_load"
PASSWORD = "Bench-load-2026"
MONITORING_SUBSTANCES = ["1763-23-1", "335-67-1", "375-73-5", "307-24-4", "375-85-9", "80-05-7", "118-74-1"]

SEED = r"""
import json, os, random
from datetime import date
from npgov.capacity.models import Lab
from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from npgov.enterprises.models import Enterprise, Industry
from npgov.monitoring.models import Site
from npgov.substances.models import Substance
from npgov.surveys.choices import Activity
from npgov.surveys.models import Campaign, Submission

password = os.environ["NPGOV_LOAD_PASSWORD"]
city = District.objects.get(code="210200")
district = District.objects.get(code="210211")
def user(username, role, **extra):
    u, _ = User.objects.get_or_create(username=username, defaults=dict(role=role, display_name=username, **extra))
    u.set_password(password); u.save()
    return u
eeb = Department.objects.get(code="dl-eeb")
officials = [user(f"load-bureau-{n}", Role.BUREAU, department=eeb).username for n in range(3)]
officials += [user(f"load-district-{n}", Role.DISTRICT, district=district).username for n in range(2)]
officials += [user("load-department", Role.DEPARTMENT, department=Department.objects.get(code="dl-ara")).username]
importer = user("load-importer", Role.BUREAU, department=Department.objects.get(code="dl-eeb")).username
year = next(y for y in range(2020, 2101) if not Campaign.objects.filter(city=city, year=y).exists())
campaign = Campaign.objects.create(title=f"{year}年度新污染物环境信息调查（负载测试）", city=city, year=year,
                                   deadline=date(year + 1, 6, 30))
industry = Industry.objects.filter(code="2614").first() or Industry.objects.first()
districts = list(District.objects.filter(parent=city)[:8]) or [district]
enterprises = []
for n in range(int(os.environ["NPGOV_LOAD_ENTERPRISES"])):
    e = Enterprise.objects.create(uscc=f"91210200LOAD{n:05d}X"[:18], name=f"负载测试化工有限公司{n:03d}",
                                  district=districts[n % len(districts)], industry=industry)
    u = user(f"load-ent-{n:03d}", Role.ENTERPRISE)
    e.users.add(u)
    s = Submission.objects.create(campaign=campaign, enterprise=e)
    enterprises.append({"username": u.username, "submission": s.pk, "enterprise": e.pk})
with_cas = Substance.objects.exclude(cas__isnull=True).exclude(cas="").order_by("pk")
substances = list(with_cas.values_list("cas", flat=True)[:120])
rng = random.Random(7)
sites = []
for n in range(30):
    code = f"LOAD-{n:03d}"
    Site.objects.create(code=code, name=f"负载测试点位{n:03d}", kind="river", district=districts[n % len(districts)],
                        latitude=round(rng.uniform(38.8, 39.9), 5), longitude=round(rng.uniform(121.3, 122.8), 5))
    sites.append(code)
lab = Lab.objects.create(name="负载测试监测中心", organisation="负载测试监测中心").name
details = [f"/enterprises/{e['enterprise']}/" for e in enterprises[:10]]
details += [f"/substances/{pk}/" for pk in Substance.objects.order_by("pk").values_list("pk", flat=True)[:10]]
lists = ["/enterprises/", "/substances/", "/monitoring/results/", "/monitoring/sites/", "/surveys/submissions/",
         "/surveys/inventory/", "/regulations/", "/enforcement/cases/", "/core/jobs/"]
# Each official opens only what the role may see (a district its own enterprises; a department no survey
# submissions): a 403 or 404 that the access rules give on purpose is not a failure of the server.
home = [districts[n % len(districts)] for n in range(len(enterprises))]
district_details = [f"/enterprises/{e['enterprise']}/" for e, d in zip(enterprises, home) if d == district][:10]
district_details += details[len(details) // 2:]
views_for = {name: {"lists": lists, "details": district_details} for name in officials if "district" in name}
views_for["load-department"] = {"lists": [p for p in lists if not p.startswith("/surveys/")], "details": details}
fixture = dict(password=password, officials=officials, importer=importer, enterprises=enterprises, views_for=views_for,
               substances=substances, activities=[a for a in Activity.values if a != "export"], sites=sites, lab=lab,
               monitoring_substances=json.loads(os.environ["NPGOV_LOAD_MONITORING"]), import_samples=40,
               details=details, lists=lists, campaign=campaign.pk)
open(os.environ["NPGOV_LOAD_FIXTURE"], "w").write(json.dumps(fixture, ensure_ascii=False))
print("seeded", len(enterprises), "enterprises", len(substances), "substances")
"""


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def reachable() -> str | None:
    """None when PostgreSQL and Redis answer, else why not."""
    try:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure means: skip
        return f"PostgreSQL is not reachable at {SERVER} ({type(exc).__name__})"
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        return f"Redis is not reachable at {REDIS} ({type(exc).__name__})"
    return None


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(base + "/healthz/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a process we started and its children (its own session), politely first."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def stored(database_url: str, fixture: dict[str, Any]) -> tuple[set[str], int]:
    """The lines stored in the bench's submissions (``submission|cas|activity``) and the result rows imported."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        lines = {
            f"{submission}|{cas}|{activity}"
            for submission, cas, activity in conn.execute(
                "SELECT l.submission_id, s.cas, l.activity FROM surveys_submissionline l "
                "JOIN substances_substance s ON s.id = l.substance_id "
                "JOIN surveys_submission m ON m.id = l.submission_id WHERE m.campaign_id = %s",
                [fixture["campaign"]],
            )
        }
        rows = conn.execute(
            "SELECT count(*) FROM monitoring_result r JOIN monitoring_sample s ON s.id = r.sample_id "
            "WHERE s.sample_code LIKE 'LOAD-%%'"
        ).fetchone()[0]
    return lines, int(rows)


def report_slowest(csv_path: Path) -> None:
    if not csv_path.is_file():
        return
    with csv_path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Name"] != "Aggregated"]
    rows.sort(key=lambda r: float(r.get("95%") or 0), reverse=True)
    for r in rows[:12]:
        log(f"{r['Type']:>5} {r['Name'][:40]:<40} n={r['Request Count']:>5} fail={r['Failure Count']:>3} "
            f"p50={r['50%']:>6} p95={r['95%']:>6} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--demo", action="store_true", help="load `npgov demo` (slower), not only reference data")
    parser.add_argument("--keep", action="store_true", help="keep the database and the instance directory")
    parser.add_argument("--reuse", metavar="DIR",
                        help="reuse a database and instance kept by --keep (timing only: earlier lines collide)")
    options = parser.parse_args()

    why_not = reachable()
    if why_not:
        print(f"# bench/load.py skipped: {why_not}.")
        return

    instance = Path(options.reuse) if options.reuse else Path(tempfile.mkdtemp(prefix="npgov-bench-load-"))
    (instance / "static").mkdir(exist_ok=True)
    fixture_path, out_path = instance / "fixture.json", instance / "locust-out.json"
    database_url = f"{SERVER}/{DATABASE}"
    env = {**os.environ, "DATABASE_URL": database_url, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "false",
           "NPGOV_ENVIRONMENT": "development", "CELERY_BROKER_URL": REDIS, "CACHE_URL": "",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p),
           "NPGOV_LOAD_FIXTURE": str(fixture_path), "NPGOV_LOAD_OUT": str(out_path),
           "NPGOV_LOAD_PASSWORD": PASSWORD, "NPGOV_LOAD_ENTERPRISES": str(options.users),
           "NPGOV_LOAD_MONITORING": json.dumps(MONITORING_SUBSTANCES), "TZ": "Asia/Shanghai"}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    import redis

    broker = redis.Redis.from_url(REDIS)
    server = worker = None
    if not options.reuse:
        admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin_sql(f'CREATE DATABASE "{DATABASE}"')
    try:
        started = time.perf_counter()
        broker.flushdb()
        if not options.reuse:
            run([str(BIN / "npgov"), "migrate", "--verbosity", "0"], env)
            run([str(BIN / "npgov"), "demo" if options.demo else "reference"], env)
            run([str(BIN / "npgov"), "shell", "-c", SEED], env)
            run([str(BIN / "npgov"), "collectstatic", "--noinput", "--verbosity", "0"], env)
        fixture = json.loads(fixture_path.read_text())
        log(f"database {DATABASE} ready in {time.perf_counter() - started:.0f} s")

        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "npgov", "worker", "--concurrency", str(options.celery_concurrency),
             "--hostname", f"load-bench-{os.getpid()}@%h", "--loglevel", "warning", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "npgov.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(options.workers), "--worker-class", "gthread", "--threads", str(options.threads),
             "--log-level", "warning", "--timeout", "120", "--keep-alive", "30"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        wait_until_up(base, server, timeout=300)
        for path in ["/healthz/", "/accounts/login/", *fixture["lists"]]:  # warm each worker's templates
            for _ in range(options.workers * 2):
                try:
                    urllib.request.urlopen(base + path, timeout=30).read()
                except urllib.error.URLError:
                    pass

        locust = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                  "-u", str(options.users), "-r", str(max(1, options.users // 5)), "-t", f"{options.seconds}s",
                  "--host", base, "--stop-timeout", "20", "--only-summary", "--loglevel", "WARNING",
                  "--csv", str(instance / "locust")]  # fmt: skip
        log(f"locust: {options.users} users for {options.seconds} s against gunicorn "
            f"{options.workers}x{options.threads} on {base}")  # fmt: skip
        client_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}  # the clients need no Django
        done = subprocess.run(locust, env=client_env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
        if not out_path.is_file():
            raise SystemExit(f"locust wrote no result (exit {done.returncode}):\n{done.stderr[-3000:]}")
        result = json.loads(out_path.read_text())
        report_slowest(instance / "locust_stats.csv")

        accepted = {f"{submission}|{line}" for submission, lines in result["counts"]["accepted_lines"].items()
                    for line in lines}  # fmt: skip
        time.sleep(1)
        lines, rows = stored(database_url, fixture)
        lost = len(accepted - lines) + max(0, result["counts"]["import_rows_ok"] - rows)
        mix, trivial = result["times"]["mix"], result["times"]["trivial"]
        mix_p95, trivial_p95 = p95(mix), p95(trivial)
        log(f"{len(mix)} mix requests, {len(trivial)} trivial; {len(accepted)} lines accepted, {len(lines)} stored; "
            f"{result['counts']['imports_ok']} imports succeeded ({result['counts']['import_rows_ok']} rows, {rows} "
            f"stored), {result['counts']['imports_failed']} failed; trivial p95 {trivial_p95:.0f} ms")  # fmt: skip
        for error in result["errors"][:10]:
            log(f"error: {error}")
        print(f"BENCH load p95_ms={mix_p95:.0f} ratio={mix_p95 / max(trivial_p95, 1e-9):.2f} "
              f"errors={result['error_count']} lost={lost}")  # fmt: skip
    finally:
        stop(server)
        stop(worker)
        broker.flushdb()
        if not (options.keep or options.reuse):
            admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            shutil.rmtree(instance, ignore_errors=True)
        else:
            log(f"kept {database_url} and {instance}")


if __name__ == "__main__":
    main()
