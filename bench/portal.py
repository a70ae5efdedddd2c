"""Benchmark: the public portal's home under 20 concurrent anonymous clients, against the login page.

A busy day must not load the database: the portal home is served from the page cache (``@public_page``),
the login page is rendered on every request (it sets a CSRF cookie, so it is never cached). Both are measured
in the same run against the same real server:

- a temporary instance directory (SQLite database, file cache, as a fresh installation has them),
  ``npgov migrate``, ``npgov reference``, a small amount of published data (draws and cases) and
  ``npgov collectstatic``;
- gunicorn on a free port of 127.0.0.1 (4 worker processes × 4 threads);
- each page warmed once, then 20 client threads each request it ``--requests`` times (default 50, so
  1,000 requests per page), one new connection per request, as browsers arriving from many places do.

Prints the 95th percentiles (milliseconds) and their ratio::

    BENCH portal_home ratio=<p95 portal home / p95 login page> home_p95_ms=<n> login_p95_ms=<n> ...

Target: ratio <= 1 (the public home is no slower than the lightest page NPGov has). Usage:
python bench/portal.py [--clients 20] [--requests 50] [--keep] (``--keep`` leaves the instance directory).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NPGOV = str(BIN / "npgov")
GUNICORN = str(BIN / "gunicorn")

SEED = """
from datetime import date, timedelta
from django.utils import timezone
from npgov.core.models import District
from npgov.enforcement.models import Case, InspectionDraw
from npgov.enterprises.models import Enterprise, Industry
district = District.objects.get(code="210211")
industry = Industry.objects.filter(code="2614").first() or Industry.objects.first()
for n in range(12):
    InspectionDraw.objects.get_or_create(seed=f"bench-seed-{n}", defaults=dict(
        title=f"2026年第{n + 1}批双随机抽查（基准测试）", enterprise_count=5, due_date=date(2026, 12, 31),
        published=True))
for n in range(12):
    enterprise, _ = Enterprise.objects.get_or_create(uscc=f"91210211BENCH{n:04d}X"[:18], defaults=dict(
        name=f"基准测试化工有限公司{n}", district=district, industry=industry))
    Case.objects.get_or_create(number=f"大环罚〔2026〕B{n:03d}号", defaults=dict(
        enterprise=enterprise, facts="基准测试", decision="责令改正，罚款人民币五万元", penalty_yuan=50000,
        decided_on=timezone.localdate() - timedelta(days=n), status="decided", published=True))
print("seeded")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def prepare(instance: Path, env: dict[str, str]) -> None:
    started = time.perf_counter()
    run([NPGOV, "migrate", "--verbosity", "0"], env)
    run([NPGOV, "reference"], env)
    run([NPGOV, "shell", "-c", SEED], env)
    run([NPGOV, "collectstatic", "--noinput", "--verbosity", "0"], env)
    print(f"# instance ready in {time.perf_counter() - started:.0f} s: {instance}", file=sys.stderr)


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


def fetch(url: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        cache = response.headers.get("X-Cache", "")
        status = response.status
    return time.perf_counter() - started, status, cache


def load(url: str, clients: int, per_client: int) -> tuple[list[float], dict[str, int]]:
    """``clients`` threads, each fetching ``url`` ``per_client`` times; the latencies of every request."""
    latencies: list[float] = []
    caches: dict[str, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client() -> None:
        barrier.wait()
        for _ in range(per_client):
            try:
                seconds, status, cache = fetch(url)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                latencies.append(seconds)
                caches[cache or "none"] = caches.get(cache or "none", 0) + 1
                if status != 200:
                    errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} failed requests to {url}, e.g. {errors[0]}")
    return latencies, caches


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="requests per client and page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance directory")
    options = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="npgov-bench-portal-"))
    env = {**os.environ, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "0", "CACHE_URL": "",
           "NPGOV_LOCMEM_CACHE": "0", "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = None
    (instance / "static").mkdir()  # whitenoise looks for it before collectstatic fills it
    try:
        prepare(instance, env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [GUNICORN, "npgov.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "4",
             "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_until_up(base, server)
        home, login = base + "/", base + "/accounts/login/"
        for url in (home, login):  # warm: the first request of each worker loads templates and translations
            for _ in range(8):
                fetch(url)
        results = {}
        for name, url in (("home", home), ("login", login), ("home_again", home)):
            started = time.perf_counter()
            latencies, caches = load(url, options.clients, options.requests)
            elapsed = time.perf_counter() - started
            results[name] = (latencies, caches, elapsed)
            p50_ms, p95_ms = statistics.median(latencies) * 1000, p95(latencies) * 1000
            print(f"# {name}: {len(latencies)} requests in {elapsed:.1f} s, p50 {p50_ms:.1f} ms, "
                  f"p95 {p95_ms:.1f} ms, X-Cache {caches}", file=sys.stderr)  # fmt: skip
        # The home is measured before and after the login page; its p95 is the worse of the two runs.
        home_p95 = max(p95(results["home"][0]), p95(results["home_again"][0]))
        login_p95 = p95(results["login"][0])
        rps = len(results["home"][0]) / results["home"][2]
        print(f"BENCH portal_home ratio={home_p95 / login_p95:.3f} home_p95_ms={home_p95 * 1000:.1f} "
              f"login_p95_ms={login_p95 * 1000:.1f} home_rps={rps:.0f} clients={options.clients}")  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if not options.keep:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
