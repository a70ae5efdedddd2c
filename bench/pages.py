"""Benchmark: every page and API list of the province-scale table at 10,000,000 results and 20,000 enterprises.

Data (a fresh PostgreSQL database ``npgov_bench_pages``, dropped and created): the schema migrated with the
reference data, then ``bench/screening.py``'s builder (imported, not copied): 400 fresh-water sites, 200
substances with a PNEC, 125 samples per site × 200 substances = 10,000,000 results by ``COPY``; then
(``bench/_pagedata.py``) 20,000 enterprises with an accepted survey submission of 10 lines each (200,000 survey
lines) and findings on 80 % of the lines, by ``COPY``; a bureau official and a district official; a finished
risk run over all the results (``risk.services.run_execute``, the run service behind the run page's job); and,
when the code has the command, ``npgov monitoring rebuild-summaries`` (so that the same script measures the code
from before the maintained statistics: it skips the step there). ``VACUUM ANALYZE`` at the end.

Requests: gunicorn (``--workers`` 4 × ``--threads`` 8, gthread, as ``bench/load.py``), no broker (the embedded
default). Each page is requested once untimed, then ``--repeat`` (20) times in a row as the bureau official and
as the district official (a page the role may not open is listed as "—"); the login page (anonymous) is the
anchor. Prints each page's p95 and

    BENCH pages worst_p95_ms=<worst page p95> ratio=<worst / login p95> pages=<page × role rows measured>

then ``--clients`` (20) concurrent bureau clients for ``--seconds`` (60) over the same pages in random order:

    BENCH pages_concurrent p95_ms=<p95> ratio=<p95 / p95 of the same pages one at a time> rps=<n> errors=<n>

(``rps``: requests completed / time from the start to the last answer; requests still running at the end are
waited for and counted; ``errors``: answers other than 200, and timeouts). Targets: ratio <= 50, concurrent
ratio <= 5 with 0 errors.

Options: ``--rows`` (results, rounded to whole samples of 200), ``--enterprises`` (10 survey lines each),
``--keep`` keeps the database, ``--reuse`` (alias ``--only-requests``) skips the build and measures a kept one
(``--migrate``: migrated to the code measured first, with its maintained statistics rebuilt),
``--page-budget S`` stops a page's sequential sampling after S seconds once it has 5 timings (for very slow
code; the count is printed). ``NPGOV_BENCH_SRC`` runs another checkout's ``src`` (the code before a change)
with this script and this virtualenv. Needs PostgreSQL at 127.0.0.1:5432 as user postgres (or
NPGOV_BENCH_POSTGRES).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import _pagedata  # noqa: E402
import screening  # noqa: E402 - its builder functions (and its sys.path entry for src, overridden below)

SRC = Path(os.environ.get("NPGOV_BENCH_SRC", str(ROOT / "src"))).resolve()
sys.path.insert(0, str(SRC))
BIN = Path(sys.executable).parent
SERVER = screening.SERVER
DATABASE = os.environ.get("NPGOV_BENCH_PAGES_DB", "npgov_bench_pages")
URL = f"{SERVER}/{DATABASE}"
WORKER_TAG = "BENCH-WORKER "
PASSWORD = "Bench-pages-2026"
BUREAU, DISTRICT = "bench-bureau", "bench-district"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# (row of the table, path template, roles that may open it); {substance}, {site} from the fixture
PAGES = [
    ("substance page, monitoring panel", "/monitoring/substances/{substance}/", (BUREAU, DISTRICT)),
    ("substance page", "/substances/{substance}/", (BUREAU, DISTRICT)),
    ("three-highs screening", "/risk/three-highs/", (BUREAU,)),
    ("results list, page 1", "/monitoring/results/", (BUREAU, DISTRICT)),
    ("results list, page 1000", "{deep_page}", (BUREAU, DISTRICT)),
    ("results list filtered by substance", "/monitoring/results/?substance={substance}", (BUREAU, DISTRICT)),
    ("map data, KM mean", "/monitoring/map/data/?substance={substance}&statistic=km_mean", (BUREAU, DISTRICT)),
    ("map page", "/monitoring/map/", (BUREAU, DISTRICT)),
    ("map data, detection frequency", "/monitoring/map/data/?substance={substance}&statistic=detection_frequency",
     (BUREAU, DISTRICT)),
    ("site detail", "/monitoring/sites/{site}/", (BUREAU, DISTRICT)),
    ("statistics API by site kind", "/api/monitoring/statistics/?substance={substance}&group=site_kind",
     (BUREAU, DISTRICT)),
    ("compliance findings list", "/compliance/findings/", (BUREAU, DISTRICT)),
    ("dashboard", "/", (BUREAU, DISTRICT)),
    ("enterprises list", "/enterprises/", (BUREAU, DISTRICT)),
    ("sites list", "/monitoring/sites/", (BUREAU, DISTRICT)),
    ("risk runs list", "/risk/runs/", (BUREAU, DISTRICT)),
    ("API enterprises", "/api/enterprises/enterprises/", (BUREAU, DISTRICT)),
    ("API risk runs", "/api/risk/runs/", (BUREAU, DISTRICT)),
    ("API results", "/api/monitoring/results/", (BUREAU, DISTRICT)),
]  # fmt: skip


def log(message: str) -> None:
    print(f"# {message}", flush=True)


# --- workers: one process each, Django set up on the chosen src ---------------------------------------------
def _django() -> None:
    screening._django(URL)


def worker_setup(args: argparse.Namespace) -> dict:
    """Schema, reference data, sites, substances, PNECs (screening's set-up), then the users and a campaign."""
    ids = screening.worker_setup(URL, args)
    from npgov.core.choices import Role
    from npgov.core.models import Department, District, User
    from npgov.enterprises.models import Industry
    from npgov.monitoring.models import Site
    from npgov.surveys.models import Campaign

    site = Site.objects.get(code="BM-001")
    for username, extra in ((BUREAU, {"role": Role.BUREAU, "department": Department.objects.get(code="dl-eeb")}),
                            (DISTRICT, {"role": Role.DISTRICT, "district": site.district})):  # fmt: skip
        user = User.objects.create(username=username, display_name=username, **extra)
        user.set_password(PASSWORD)
        user.save()
    city = District.objects.get(code="210200")
    campaign = Campaign.objects.create(title="2025年度新污染物环境信息调查（基准）", city=city, year=2025,
                                       deadline="2026-06-30")  # fmt: skip
    districts = list(District.objects.filter(code__in=screening.DISTRICTS).values_list("pk", flat=True))
    industry = Industry.objects.order_by("pk").values_list("pk", flat=True).first()
    return {**ids, "districts": districts, "industry": industry, "campaign": campaign.pk}


def worker_run(_args: argparse.Namespace) -> dict:
    """A finished fresh-water risk run over all the results, by the run service (timed)."""
    _django()
    from npgov.core.models import User
    from npgov.risk.models import AssessmentRun
    from npgov.risk.services import run_execute

    run = AssessmentRun.objects.create(title="基准评估", compartment="freshwater", mec_statistic="p95",
                                       created_by=User.objects.get(username=BUREAU))  # fmt: skip
    start = time.perf_counter()
    run_execute(run)
    return {"run": run.pk, "seconds": time.perf_counter() - start}


def worker_fixture(_args: argparse.Namespace) -> dict:
    """The ids the pages need: a substance with a PNEC and results, a site in the district official's district."""
    _django()
    from npgov.core.models import User
    from npgov.monitoring.models import Site
    from npgov.risk.models import Pnec

    district = User.objects.get(username=DISTRICT).district_id
    site = Site.objects.filter(district_id=district, code__startswith="BM-").order_by("code").first()
    substance = Pnec.objects.filter(compartment="freshwater").order_by("substance_id").first().substance_id
    return {"substance": substance, "site": site.pk, "deep_page": _deep_page()}


def _deep_page() -> str:
    """Page 1000 of the results list (25 a page, the default): a page number, or with keyset pages (the list
    from issue 17 on) the cursor after the last row of page 999, which is what the list's "next" gives there."""
    from urllib.parse import quote

    from npgov.monitoring.models import Result

    try:
        from npgov.core.pagination import Keyset
        from npgov.monitoring.tables import ResultTable
    except ImportError:
        return "/monitoring/results/?page=1000"
    fields = getattr(ResultTable, "keyset", None)
    if not fields:
        return "/monitoring/results/?page=1000"
    keyset = Keyset(tuple(fields))
    row = Result.objects.order_by(*fields)[25 * 999 - 1]
    return f"/monitoring/results/?after={quote(keyset.encode(row))}"


WORKERS = {"setup": worker_setup, "run": worker_run, "fixture": worker_fixture}


def _env(instance: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": URL, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "false",
           "NPGOV_ENVIRONMENT": "development", "SECRET_KEY": "bench-" + "x" * 50, "LOG_LEVEL": "warning",
           "CACHE_URL": "", "CELERY_BROKER_URL": "", "PYTHONPATH": str(SRC), "TZ": "Asia/Shanghai"}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def run_worker(task: str, args: argparse.Namespace, instance: Path) -> dict:
    command = [sys.executable, __file__, "--worker", task, "--rows", str(args.rows)]
    done = subprocess.run(command, env=_env(instance), stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(WORKER_TAG)]
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"{task} failed (exit {done.returncode})")
    return json.loads(lines[-1][len(WORKER_TAG) :])


def npgov(args: list[str], instance: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "npgov"), *args], env=_env(instance), cwd=ROOT, text=True, check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip


def has_rebuild_command() -> bool:
    command = SRC / "npgov" / "monitoring" / "management" / "commands" / "monitoring.py"
    return command.is_file() and "rebuild-summaries" in command.read_text(encoding="utf-8")


# --- the build -----------------------------------------------------------------------------------------------
def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def build(args: argparse.Namespace, instance: Path) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DATABASE}"')
    start = time.perf_counter()
    ids = run_worker("setup", args, instance)
    log(f"schema, reference data, sites, substances, users: {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    samples = max(1, round(args.rows / (screening.SITES * screening.SUBSTANCES)))
    rows = screening.load_results(URL, ids["sites"], ids["substances"], samples)
    log(f"{rows:,} results by COPY with VACUUM: {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    counts = _pagedata.load_enterprises(URL, enterprises=args.enterprises, districts=ids["districts"],
                                        industry=ids["industry"], campaign=ids["campaign"],
                                        substances=ids["substances"], seed=screening.SEED)  # fmt: skip
    log(f"{counts['enterprises']:,} enterprises, {counts['lines']:,} survey lines, {counts['findings']:,} findings "
        f"by COPY: {time.perf_counter() - start:.0f} s")  # fmt: skip
    run = run_worker("run", args, instance)
    log(f"risk run {run['run']} over the results (run_execute): {run['seconds']:.1f} s")
    rebuild_summaries(args, instance)
    import psycopg

    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def upgrade(args: argparse.Namespace, instance: Path) -> None:
    """A kept database brought to this code: its migrations, then the maintained statistics (--reuse --migrate)."""
    start = time.perf_counter()
    done = npgov(["migrate", "--verbosity", "1"], instance)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-3000:])
        raise SystemExit("npgov migrate failed")
    log(f"migrate: {time.perf_counter() - start:.0f} s")
    rebuild_summaries(args, instance)
    import psycopg

    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def rebuild_summaries(args: argparse.Namespace, instance: Path) -> None:
    if has_rebuild_command():
        start = time.perf_counter()
        source = (SRC / "npgov" / "monitoring" / "management" / "commands" / "monitoring.py").read_text()
        command = ["monitoring", "rebuild-summaries"]
        if args.cells_only and "--cells-only" in source:
            # the cells (map data, panels, statistics API, three-highs) and the series of the measured site
            # only; the other series are left pending, as after an import before its job ran
            done = npgov([*command, "--cells-only"], instance)
            if done.returncode == 0:
                done = npgov([*command, "--pending", "--sites", "BM-001"], instance)
        else:
            if "--workers" in source:
                command += ["--workers", str(args.rebuild_workers)]
            done = npgov(command, instance)
        if done.returncode != 0:
            sys.stdout.write(done.stdout[-3000:])
            raise SystemExit("npgov monitoring rebuild-summaries failed")
        tail = done.stdout.strip().splitlines()[-1:] or [""]
        log(f"npgov monitoring rebuild-summaries: {time.perf_counter() - start:.0f} s ({tail[0][:200]})")
    else:
        log("this code has no `npgov monitoring rebuild-summaries`: skipped")


# --- the requests --------------------------------------------------------------------------------------------
def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def session(base: str, username: str | None):  # noqa: ANN201 - requests.Session
    import requests

    client = requests.Session()
    client.headers["Accept-Language"] = "zh-hans"
    if username is None:
        return client
    page = client.get(base + "/accounts/login/", timeout=60)
    token = CSRF.search(page.text)
    answer = client.post(base + "/accounts/login/", allow_redirects=False, timeout=60,
                         data={"username": username, "password": PASSWORD,
                               "csrfmiddlewaretoken": token.group(1) if token else ""})  # fmt: skip
    if answer.status_code != 302:
        raise SystemExit(f"login as {username} failed ({answer.status_code})")
    return client


def timed_get(client, url: str, timeout: float) -> tuple[float, int]:  # noqa: ANN001
    start = time.perf_counter()
    try:
        answer = client.get(url, timeout=timeout, allow_redirects=False, headers={"HX-Request": "true"}
                            if "/monitoring/substances/" in url else None)  # fmt: skip
        answer.content  # noqa: B018 - read the whole body
        status = answer.status_code
    except Exception:  # noqa: BLE001 - a timeout or a reset is an error of the run
        status = 0
    return (time.perf_counter() - start) * 1000, status


def sequential(base: str, fixture: dict, args: argparse.Namespace) -> tuple[float, dict]:
    """Each page × role --repeat times in a row; returns the login p95 and {(page, role): [ms…] or None}."""
    anonymous = session(base, None)
    for _ in range(3):
        timed_get(anonymous, base + "/accounts/login/", 60)
    login = [timed_get(anonymous, base + "/accounts/login/", 60)[0] for _ in range(args.repeat)]
    clients = {role: session(base, role) for role in (BUREAU, DISTRICT)}
    times: dict[tuple[str, str], list[float] | None] = {}
    for name, template, roles in PAGES:
        url = base + template.format(**fixture)
        for role in (BUREAU, DISTRICT):
            if role not in roles:
                times[(name, role)] = None
                continue
            _, status = timed_get(clients[role], url, args.timeout)  # untimed: the first use of each page
            if status in (403, 404):
                times[(name, role)] = None
                log(f"{name} as {role}: {status} (not for this role)")
                continue
            if "after=" in url and 'rel="prev"' not in clients[role].get(url, timeout=args.timeout).text:
                log(f"{name} as {role}: the cursor page looks like page 1 (no previous link)")
            values, started = [], time.perf_counter()
            for _ in range(args.repeat):
                ms, status = timed_get(clients[role], url, args.timeout)
                if status != 200:
                    raise SystemExit(f"{name} as {role}: {url} answered {status}")
                values.append(ms)
                if args.page_budget and len(values) >= 5 and time.perf_counter() - started > args.page_budget:
                    break
            times[(name, role)] = values
            log(f"{name:<38} {role:<15} p95 {p95(values):8.0f} ms  median {statistics.median(values):8.0f} ms"
                f"  n={len(values)}")  # fmt: skip
    return p95(login), times


def concurrent(base: str, fixture: dict, args: argparse.Namespace) -> tuple[list[float], int, float]:
    """--clients bureau clients for --seconds over the bureau's pages in random order; (times, errors, seconds)."""
    urls = [base + template.format(**fixture) for _, template, roles in PAGES if BUREAU in roles]
    clients = [session(base, BUREAU) for _ in range(args.clients)]
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + args.seconds

    def client_loop(index: int) -> None:
        order = random.Random(index)
        while time.perf_counter() < stop_at:
            ms, status = timed_get(clients[index], order.choice(urls), args.timeout)
            with lock:
                times.append(ms)
                errors[0] += status != 200

    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0], time.perf_counter() - start


def serve_and_measure(args: argparse.Namespace, instance: Path) -> None:
    (instance / "static").mkdir(parents=True, exist_ok=True)
    done = npgov(["collectstatic", "--noinput", "--verbosity", "0"], instance)
    if done.returncode != 0:
        raise SystemExit(f"collectstatic failed:\n{done.stdout[-2000:]}")
    fixture = run_worker("fixture", args, instance)
    import load  # bench/load.py: its server helpers

    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "npgov.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
         "--log-level", "warning", "--timeout", str(int(args.timeout) + 30), "--keep-alive", "30"],
        env=_env(instance), cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        load.wait_until_up(base, server, timeout=300)
        log(f"gunicorn {args.workers}x{args.threads} on {base}, code from {SRC}; fixture {fixture}")
        login_p95, times = sequential(base, fixture, args)
        measured = {key: values for key, values in times.items() if values}
        worst_key = max(measured, key=lambda key: p95(measured[key]))
        worst = p95(measured[worst_key])
        log("")
        log(f"{'page':<38} {'p95 bureau':>12} {'p95 district':>13}")
        for name, _, _ in PAGES:
            cells = [f"{p95(times[(name, role)]):10.0f} ms" if times[(name, role)] else f"{'—':>13}"
                     for role in (BUREAU, DISTRICT)]  # fmt: skip
            log(f"{name:<38} {cells[0]:>12} {cells[1]:>13}")
        log(f"login page (anonymous): p95 {login_p95:.1f} ms; worst: {worst_key[0]} as {worst_key[1]}")
        print(f"BENCH pages worst_p95_ms={worst:.0f} ratio={worst / max(login_p95, 1e-9):.1f} pages={len(measured)}",
              flush=True)  # fmt: skip
        if args.clients and args.seconds:
            single = [ms for (_, role), values in measured.items() if role == BUREAU for ms in values]
            conc, errors, seconds = concurrent(base, fixture, args)
            conc_p95 = p95(conc)
            log(f"{args.clients} concurrent bureau clients, {args.seconds} s: {len(conc)} requests in {seconds:.0f} s, "
                f"single-client p95 of the same pages {p95(single):.0f} ms")  # fmt: skip
            print(f"BENCH pages_concurrent p95_ms={conc_p95:.0f} ratio={conc_p95 / max(p95(single), 1e-9):.2f} "
                  f"rps={len(conc) / seconds:.2f} errors={errors}", flush=True)  # fmt: skip
    finally:
        load.stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="results (default 10,000,000)")
    parser.add_argument("--enterprises", type=int, default=20_000, help="enterprises, 10 survey lines each")
    parser.add_argument("--keep", action="store_true", help="keep the database (rerun with --reuse)")
    parser.add_argument("--reuse", "--only-requests", dest="reuse", action="store_true",
                        help="measure a database kept by --keep (no build)")  # fmt: skip
    parser.add_argument("--migrate", action="store_true",
                        help="with --reuse: migrate the kept database to this code, rebuild the summaries")  # fmt: skip
    parser.add_argument("--build-only", action="store_true", help="build (with --keep), measure later with --reuse")
    parser.add_argument("--rebuild-workers", type=int, default=2, help="processes of rebuild-summaries")
    parser.add_argument("--cells-only", action="store_true",
                        help="rebuild the cells and the measured site's series only (the rest pending)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20, help="sequential requests per page and role")
    parser.add_argument("--page-budget", type=float, default=0, help="seconds per page and role (0: no limit)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=300, help="seconds a request may take")
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(WORKER_TAG + json.dumps(WORKERS[args.worker](args)), flush=True)
        return
    try:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure means: skip
        print(f"# bench/pages.py skipped: PostgreSQL is not reachable at {SERVER} ({type(exc).__name__}).")
        return
    instance = Path(tempfile.mkdtemp(prefix="npgov-bench-pages-"))
    try:
        if not args.reuse:
            build(args, instance)
        elif args.migrate:
            upgrade(args, instance)
        if args.build_only:
            return
        serve_and_measure(args, instance)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
        if not (args.keep or args.reuse):
            admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        else:
            log(f"kept {URL}")


if __name__ == "__main__":
    main()
