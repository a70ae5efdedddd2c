"""Benchmark: NPGov's monitoring import against PostgreSQL's own COPY of the same file.

A long-format results file (one row per result, the template's columns) of 1,000,000 rows is
generated once, streamed to a temporary directory: ~200 sites, two laboratories with different
limits, 17 substances per sample, numbers and non-detects written the ways labs write them ("ND",
"<0.3", "0.02L"), mostly ng/L with some µg/L, a few sediment samples, sampling times from 2021-01-01
up to before today.

NPGov: ``import_results`` with full validation (site, time, substance, unit, matrix, limits, value,
duplicates within the file and against the database) and the write of samples and results, timed
to its commit, in a fresh database ``npgov_bench_import`` (migrated, reference data, sites and labs).
Anchor (same run, same database): ``COPY`` of the same file into a bare table with one column per
CSV column and no keys, streamed in 1 MB blocks through psycopg, timed to its commit. The same
import is then run on SQLite (no anchor: SQLite has no COPY). Prints

    BENCH import_monitoring ratio=<NPGov time / COPY time> rows_per_s=<NPGov rows per second> peak_rss_mb=<n>
    BENCH import_monitoring_sqlite rows_per_s=<rows per second> peak_rss_mb=<n>

Target: ratio <= 3 with peak memory bounded (the importer streams the file in batches). Each import
runs in its own process (Django can be set up once per process; the peak RSS is the import's).
Usage: python bench/import_monitoring.py [--rows N] (default 1,000,000). Needs PostgreSQL at
127.0.0.1:5432 as user postgres (or NPGOV_BENCH_POSTGRES=postgres://user@host:port); the database
``npgov_bench_import`` (``NPGOV_BENCH_DATABASE``) is dropped and re-created, and dropped again at the end;
``NPGOV_BENCH_SRC=/path/to/other/src`` measures another checkout's code (the before of a change).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
# NPGOV_BENCH_SRC: measure another checkout's code with this script (e.g. the commit before a change).
sys.path.insert(0, os.environ.get("NPGOV_BENCH_SRC") or str(ROOT / "src"))

SERVER = os.environ.get("NPGOV_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# its own database, so that it can run beside bench/screening.py (which drops npgov_bench)
DATABASE = os.environ.get("NPGOV_BENCH_DATABASE", "npgov_bench_import")
WORKER_TAG = "BENCH-WORKER "

HEADER = ("site_code", "sampled_at", "substance", "value", "unit", "lod", "loq", "matrix", "depth_m", "lab", "method",
          "sample_code", "qa_flags")  # fmt: skip
# CAS RN → the method a lab would name for it (PFAS, organochlorines and phenols, antibiotics).
SUBSTANCES = {
    "1763-23-1": "HJ 1333-2023", "335-67-1": "HJ 1333-2023", "355-46-4": "HJ 1333-2023", "375-73-5": "HJ 1333-2023",
    "307-24-4": "HJ 1333-2023", "375-85-9": "HJ 1333-2023", "335-76-2": "HJ 1333-2023", "375-95-1": "HJ 1333-2023",
    "80-05-7": "HJ 1192-2021", "50-29-3": "HJ 699-2014", "58-89-9": "HJ 699-2014", "118-74-1": "HJ 699-2014",
    "87-86-5": "HJ 1192-2021", "738-70-5": "LC-MS/MS 实验室方法", "723-46-6": "LC-MS/MS 实验室方法",
    "114-07-8": "LC-MS/MS 实验室方法", "60-54-8": "LC-MS/MS 实验室方法",
}  # fmt: skip
# Laboratory → (code for sample codes, LOD, LOQ in ng/L for water, share of the samples).
LABS = {"大连市生态环境监测中心": ("DLEM", 0.1, 0.3, 0.7), "滨海环境检测有限公司": ("BHJC", 0.02, 0.05, 0.3)}
SEDIMENT_LIMITS = (0.05, 0.15)  # ng/g dw
SITE_COUNT = 200
SITE_KINDS = (("river", 0.4), ("lake", 0.2), ("drinking_water", 0.15), ("coastal", 0.15), ("groundwater", 0.1))
FIRST_DAY = date(2021, 1, 1)


# --- the file --------------------------------------------------------------------------------------
def bench_sites() -> list[dict]:
    """The ~200 monitoring sites (deterministic), in Dalian's districts."""
    rng = random.Random(7)
    kinds = [kind for kind, share in SITE_KINDS for _ in range(round(share * SITE_COUNT))]
    districts = ["210202", "210203", "210204", "210211", "210212", "210213", "210214", "210224", "210281", "210283"]
    prefix = {"river": "HL", "lake": "HK", "drinking_water": "YY", "coastal": "JA", "groundwater": "DX"}
    names = {"river": "河流断面", "lake": "水库点位", "drinking_water": "饮用水源地", "coastal": "近岸海域点位",
             "groundwater": "地下水监测井"}  # fmt: skip
    return [
        {"code": f"DL-{prefix[kind]}-{i:03d}", "name": f"{names[kind]} {i:03d}", "kind": kind,
         "district": districts[i % len(districts)], "latitude": round(rng.uniform(38.75, 39.95), 5),
         "longitude": round(rng.uniform(121.2, 122.9), 5)}
        for i, kind in enumerate(kinds, start=1)
    ]  # fmt: skip


def _number(x: float) -> str:
    """Three significant figures as a lab prints them (0.00002, never 2e-05)."""
    text = f"{x:.3g}"
    return f"{float(text):.10f}".rstrip("0").rstrip(".") if "e" in text else text


def write_file(path: Path, rows: int, seed: int = 20261126) -> int:
    """Write ``rows`` results (17 substances per sample) to ``path``, row by row; returns the sample count."""
    rng = random.Random(seed)
    sites = bench_sites()
    labs = list(LABS.items())
    substances = list(SUBSTANCES.items())
    samples = math.ceil(rows / len(substances))
    days = (date.today() - FIRST_DAY).days - 1  # every sampling time stays before today
    per_day = math.ceil(samples / days)
    if per_day > 9 * 60:
        raise SystemExit(f"--rows {rows} needs more than one sample a minute; use fewer rows")
    step = timedelta(minutes=9 * 60 // per_day)  # samples between 08:00 and 17:00
    written = 0
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(HEADER)
        for index in range(samples):
            day, slot = divmod(index, per_day)
            moment = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time()) + timedelta(hours=8)
            sampled_at = (moment + slot * step).strftime("%Y-%m-%d %H:%M")
            site = sites[rng.randrange(len(sites))]
            lab, (lab_code, lod, loq, _share) = labs[0] if rng.random() < labs[0][1][3] else labs[1]
            sediment = site["kind"] in ("river", "lake", "coastal") and rng.random() < 0.04
            if sediment:
                matrix, unit, scale, depth = "沉积物", "ng/g dw", 1.0, ""
                lod, loq = SEDIMENT_LIMITS
            else:
                matrix = rng.choice(("地下水", "")) if site["kind"] == "groundwater" else rng.choice(("水", ""))
                unit, scale = ("µg/L", 0.001) if rng.random() < 0.1 else ("ng/L", 1.0)
                depth = str(rng.choice((12, 15, 20, 30))) if site["kind"] == "groundwater" else rng.choice(("0.5", ""))
            sample_code = f"{lab_code}-{sampled_at[:4]}-{index:06d}"
            for cas, method in substances[: min(len(substances), rows - written)]:
                x = rng.lognormvariate(-0.5, 1.5)  # ng/L (ng/g dw): about a fifth censored
                if rng.random() < 0.003:
                    value = "NA"
                elif x < lod:
                    value = "ND" if rng.random() < 0.6 else f"{_number(lod * scale)}L"
                elif x < loq and rng.random() < 0.8:
                    value = f"<{_number(loq * scale)}"
                else:
                    value = _number(x * scale)
                flag = rng.random()
                qa_flags = "blank" if flag < 0.01 else "estimated" if flag < 0.015 else ""
                out.writerow((site["code"], sampled_at, cas, value, unit, _number(lod * scale), _number(loq * scale),
                              matrix, depth, lab, method, sample_code, qa_flags))  # fmt: skip
                written += 1
    return samples


# --- the workers (one process each: Django is set up once per process) ----------------------------
def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "npgov.settings"
    import django

    django.setup()


def worker_setup(database_url: str) -> dict:
    """Migrate, load the reference data, create the sites and laboratories."""
    _django(database_url)
    from django.core.management import call_command

    from npgov.capacity.models import Lab
    from npgov.core.models import District
    from npgov.monitoring.models import Site

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("reference", stdout=io.StringIO())
    districts = {d.code: d for d in District.objects.all()}
    Site.objects.bulk_create(
        [Site(**{**site, "district": districts[site["district"]]}, water_body="") for site in bench_sites()]
    )
    Lab.objects.bulk_create([Lab(name=name, organisation=name) for name in LABS])
    return {"setup_s": time.perf_counter() - start}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_import(database_url: str, path: Path) -> dict:
    """Time ``import_results`` on the file to its commit; exit 1 if the import reports any error."""
    _django(database_url)
    from npgov.monitoring.importers import import_results

    before = _rss_mb()
    start = time.perf_counter()
    report = import_results(path=path, filename=path.name)
    seconds = time.perf_counter() - start
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
    print(f"# import committed in {seconds:.1f} s ({phases}); waiting for its statistics job", file=sys.stderr,
          flush=True)  # fmt: skip
    # the series statistics a big import leaves to a job (issue 17): run on this process's job thread
    from npgov.core.services import jobs

    start = time.perf_counter()
    if hasattr(jobs, "wait_for_background_jobs"):
        jobs.wait_for_background_jobs(timeout=3600)
    job_seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if not report.ok or not report.committed:
        print(f"import failed: {report.error_count} errors, committed={report.committed}", file=sys.stderr)
        for error in report.errors[:10]:
            print(f"  row {error.row} [{error.column}] {error.message}", file=sys.stderr)
        raise SystemExit(1)
    return {"seconds": seconds, "results": report.results, "samples": report.samples_created,
            "censored": report.censored, "rss_before_mb": before, "peak_rss_mb": peak, "timings": report.timings,
            "job_s": job_seconds}  # fmt: skip


def run_worker(task: str, database_url: str, path: Path, instance: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "false",
           "NPGOV_ENVIRONMENT": "development", "SECRET_KEY": "bench-" + "x" * 50, "LOG_LEVEL": "warning",
           "DB_CONN_MAX_AGE": "0"}  # fmt: skip
    command = [sys.executable, __file__, "--worker", task, "--database-url", database_url, "--file", str(path)]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(WORKER_TAG)]
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"{task} on {database_url.split(':')[0]} failed (exit {done.returncode})")
    return json.loads(lines[-1][len(WORKER_TAG) :])


# --- the anchor ------------------------------------------------------------------------------------
# Natural types: codes and free text as text; ``value`` as text because it holds "ND", "<0.3" and
# "0.02L"; sampled_at as timestamp (the file writes "YYYY-MM-DD HH:MM", which PostgreSQL parses;
# without time zone, as the file has none) and the limits and depth as double precision, so the
# anchor parses what a typed load must. No keys, no indexes: the floor for loading these bytes.
BARE_TABLE = """
CREATE TABLE bench_bare (
    site_code text, sampled_at timestamp, substance text, value text, unit text, lod double precision,
    loq double precision, matrix text, depth_m double precision, lab text, method text, sample_code text,
    qa_flags text
)"""


def checkpoint(url: str) -> None:
    """Flush dirty buffers so that neither timed load pays for the other's writes."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def copy_anchor(url: str, path: Path, rows: int) -> float:
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_bare")
        conn.execute(BARE_TABLE)
        conn.commit()
        checkpoint(url)
        start = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy("COPY bench_bare FROM STDIN (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as handle,
        ):
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(block)
        conn.commit()
        seconds = time.perf_counter() - start
        copied = conn.execute("SELECT count(*) FROM bench_bare").fetchone()[0]
    if copied != rows:
        raise SystemExit(f"COPY loaded {copied} rows, expected {rows}")
    return seconds


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


# --- the run ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="results in the file (default 1,000,000)")
    parser.add_argument("--worker", choices=("setup", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        task = worker_setup if args.worker == "setup" else worker_import
        outcome = task(args.database_url) if args.worker == "setup" else task(args.database_url, args.file)
        print(WORKER_TAG + json.dumps(outcome), flush=True)
        return

    rows = args.rows
    postgres_url = f"{SERVER}/{DATABASE}"
    with tempfile.TemporaryDirectory(prefix="npgov-bench-") as tmp:
        tmp_dir = Path(tmp)
        path = tmp_dir / "monitoring_results.csv"
        samples = write_file(path, rows)
        size_mb = path.stat().st_size / 1e6
        print(f"# {rows:,} results ({samples:,} samples × up to {len(SUBSTANCES)} substances, {SITE_COUNT} sites, "
              f"{len(LABS)} labs), long-format CSV of {size_mb:.1f} MB", flush=True)  # fmt: skip
        try:
            recreate_database()
            run_worker("setup", postgres_url, path, tmp_dir / "instance")
            checkpoint(postgres_url)
            ours = run_worker("import", postgres_url, path, tmp_dir / "instance")
            bare = copy_anchor(postgres_url, path, rows)
        finally:
            recreate_database(drop_only=True)
        if ours["results"] != rows:
            raise SystemExit(f"NPGov imported {ours['results']} results, expected {rows}")
        print(f"# PostgreSQL: NPGov import {ours['seconds']:.1f} s ({ours['samples']:,} samples, "
              f"{ours['censored']:,} censored results), peak RSS {ours['peak_rss_mb']:.0f} MB "
              f"({ours['rss_before_mb']:.0f} MB before the import); bare COPY {bare:.1f} s "
              f"({rows / bare:,.0f} rows/s)", flush=True)  # fmt: skip
        print(f"# phases: {', '.join(f'{k} {v:.1f} s' for k, v in ours['timings'].items())}; after the commit, the "
              f"statistics job {ours['job_s']:.1f} s", flush=True)  # fmt: skip
        print(f"BENCH import_monitoring ratio={ours['seconds'] / bare:.2f} rows_per_s={rows / ours['seconds']:.0f} "
              f"peak_rss_mb={ours['peak_rss_mb']:.0f}", flush=True)  # fmt: skip

        sqlite_url = f"sqlite:///{tmp_dir / 'bench.sqlite3'}"
        run_worker("setup", sqlite_url, path, tmp_dir / "instance")
        lite = run_worker("import", sqlite_url, path, tmp_dir / "instance")
        print(f"# SQLite: NPGov import {lite['seconds']:.1f} s, peak RSS {lite['peak_rss_mb']:.0f} MB "
              f"({lite['rss_before_mb']:.0f} MB before the import); statistics job {lite['job_s']:.1f} s",
              flush=True)  # fmt: skip
        print(f"BENCH import_monitoring_sqlite rows_per_s={rows / lite['seconds']:.0f} "
              f"peak_rss_mb={lite['peak_rss_mb']:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
