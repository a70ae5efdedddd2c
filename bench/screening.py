"""Benchmark: an NPGov assessment run over 10,000,000 results against DuckDB's plain aggregates of the same rows.

Data: a fresh PostgreSQL database ``npgov_bench`` with the real schema (migrated, reference data), 400 fresh-water
sites, 200 substances with a verified fresh-water PNEC each, and 125 water samples per site between 2021 and 2025,
each analysed for all 200 substances: 10,000,000 results, loaded with ``COPY`` into ``monitoring_sample`` and
``monitoring_result`` (then ``VACUUM ANALYZE``). Values are lognormal per substance and site (three significant
figures, so detects tie); two laboratories with different detection and quantification limits per substance give
non-detects at two or more limits ("ND" at the LOD, "<LOQ" at the LOQ): about a third of the results are censored,
some site × substance series are wholly censored and some wholly detected.

NPGov: ``risk.services.run_execute`` on a fresh-water :class:`AssessmentRun` with a censored MEC statistic
(``--statistic``, default ``p95``, the Kaplan–Meier P95 as NADA quantile()): the results read out of PostgreSQL,
per site × substance n, detects, the KM statistic, RQ, category and notes, the NORMAN prioritisation of the 200
substances, the inputs snapshot, the digest, and the run saved — timed from the call to its return.

Anchor (same run, same database, same rows): DuckDB computing the plain aggregates per site × substance — count,
detection frequency, max and P95 (``quantile_cont``) — over the same rows. DuckDB must get the rows out of
PostgreSQL too, and without its postgres extension (no download here) the way in is a ``COPY … TO STDOUT`` stream;
the anchor therefore times that stream of the same query (same filters: water, value present, fresh-water site,
substance with a PNEC) into DuckDB plus DuckDB's aggregation, to the fetched result. The stream is the binary COPY
parsed with numpy, which is faster than CSV for DuckDB to ingest (see ``anchor_*`` below). Prints

    BENCH screening ratio=<NPGov seconds / DuckDB seconds> seconds=<NPGov seconds> duckdb_seconds=<s> rows=<n> ...

Target: ratio <= 2. Each side runs in its own process after a warm-up read of the table (both read from the same
warm cache). Usage: python bench/screening.py [--rows N] [--statistic max|p95|km_mean] (default 10,000,000 rows;
rows are rounded to whole samples of 200 results). Needs PostgreSQL at 127.0.0.1:5432 as user postgres (or
NPGOV_BENCH_POSTGRES=postgres://user@host:port); ``npgov_bench`` is dropped and re-created, and dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SERVER = os.environ.get("NPGOV_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "npgov_bench"
WORKER_TAG = "BENCH-WORKER "
SITES, SUBSTANCES = 400, 200
SITE_KINDS = ("river", "lake", "drinking_water", "groundwater")  # fresh water: every result is in the run
DISTRICTS = ("210202", "210203", "210204", "210211", "210212", "210213", "210214", "210224", "210281", "210283")
FIRST, LAST = np.datetime64("2021-01-01T00:00", "s"), np.datetime64("2025-12-31T00:00", "s")
SEED = 20261127


# --- the workers (one process each: Django is set up once per process) --------------------------------------
def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "npgov.settings"
    import django

    django.setup()


def worker_setup(database_url: str, _args: argparse.Namespace) -> dict:
    """Migrate, load the reference data, create the sites, the substances that are missing and one PNEC each."""
    _django(database_url)
    from django.core.management import call_command

    from npgov.core.models import District
    from npgov.monitoring.models import Site
    from npgov.risk.models import Pnec
    from npgov.substances.models import Substance

    call_command("migrate", verbosity=0, interactive=False)
    call_command("reference", stdout=io.StringIO())
    rng = np.random.default_rng(SEED)
    districts = {d.code: d for d in District.objects.filter(code__in=DISTRICTS)}
    Site.objects.bulk_create(
        [Site(code=f"BM-{i:03d}", name=f"基准点位 {i:03d}", kind=SITE_KINDS[i % len(SITE_KINDS)], water_body="",
              district=districts[DISTRICTS[i % len(DISTRICTS)]], latitude=float(rng.uniform(38.75, 39.95)),
              longitude=float(rng.uniform(121.2, 122.9))) for i in range(SITES)]
    )  # fmt: skip
    substances = list(Substance.objects.filter(cas__isnull=False).order_by("pk")[:SUBSTANCES])
    missing = SUBSTANCES - len(substances)
    substances += Substance.objects.bulk_create(
        [Substance(name_zh=f"基准物质 {i:03d}", name_en=f"bench substance {i:03d}") for i in range(missing)]
    )
    Pnec.objects.filter(compartment="freshwater").delete()
    # PNECs from 0.5 to 5,000 ng/L, so that RQs fall in every band
    for substance, pnec in zip(substances, 10 ** rng.uniform(-0.3, 3.7, SUBSTANCES), strict=True):
        Pnec.objects.create(substance=substance, compartment="freshwater", value=float(pnec), unit="ng/L",
                            basis="bench", source="bench/screening.py", verified=True)  # fmt: skip
    return {"sites": sorted(Site.objects.values_list("pk", flat=True)), "substances": [s.pk for s in substances]}


def worker_npgov(database_url: str, args: argparse.Namespace) -> dict:
    """Time ``runs.compute`` (the run's reads and computation), then ``run_execute`` (the same and the save)."""
    _django(database_url)
    from npgov.risk.models import AssessmentRun
    from npgov.risk.runs import compute
    from npgov.risk.services import run_execute

    run = AssessmentRun.objects.create(title="bench", compartment="freshwater", mec_statistic=args.statistic)
    start = time.perf_counter()
    data = compute(run)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    run_execute(run)
    execute = time.perf_counter() - start
    rows = data["results"]["sites"]
    return {"seconds": seconds, "execute_seconds": execute, "results": data["inputs"]["results"], "pairs": len(rows),
            "substances": len(data["results"]["substances"]),
            "used": sum(r["mec_statistic"] == args.statistic for r in rows)}  # fmt: skip


# The rows both sides read: the filters of ``runs.compute`` for a fresh-water run with every PNEC verified.
ANCHOR_QUERY = """
SELECT r.site_id::int4, r.substance_id::int4, r.value,
       r.qualifier IN ('lt_lod', 'lt_loq') AS censored
FROM monitoring_result r JOIN monitoring_site s ON s.id = r.site_id
WHERE r.matrix = 'water' AND r.value IS NOT NULL AND s.kind <> 'coastal'
  AND r.substance_id IN (SELECT substance_id FROM risk_pnec WHERE compartment = 'freshwater')
"""
ANCHOR_SQL = """
SELECT site_id, substance_id, count(*) AS n, avg(CASE WHEN censored THEN 0.0 ELSE 1.0 END) AS detection_frequency,
       max(value) AS max, quantile_cont(value, 0.95) AS p95
FROM rows GROUP BY site_id, substance_id
"""
# binary COPY of the query: a 19-byte header, then per row a field count and each field's length and bytes
_ROW = np.dtype([("fields", ">i2"), ("l1", ">i4"), ("site_id", ">i4"), ("l2", ">i4"), ("substance_id", ">i4"),
                 ("l3", ">i4"), ("value", ">f8"), ("l4", ">i4"), ("censored", "?")])  # fmt: skip


def worker_anchor(database_url: str, _args: argparse.Namespace) -> dict:
    """Time the COPY of the same rows into DuckDB and DuckDB's aggregates, to the fetched result."""
    import duckdb

    with psycopg.connect(database_url) as conn:
        start = time.perf_counter()
        buffer = bytearray()
        with conn.cursor().copy(f"COPY ({ANCHOR_QUERY}) TO STDOUT (FORMAT binary)") as copy:
            for block in copy:
                buffer += block
        read = time.perf_counter() - start
        raw = np.frombuffer(memoryview(buffer)[19:-2], dtype=_ROW)
        rows = {name: raw[name].astype(raw.dtype[name].newbyteorder("=")) for name in
                ("site_id", "substance_id", "value", "censored")}  # fmt: skip
        db = duckdb.connect()
        db.register("rows", rows)
        result = db.execute(ANCHOR_SQL).fetchnumpy()
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "read_seconds": read, "rows": int(raw.size), "pairs": int(result["n"].size)}


WORKERS = {"setup": worker_setup, "npgov": worker_npgov, "anchor": worker_anchor}


def run_worker(task: str, database_url: str, args: argparse.Namespace, instance: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "false",
           "NPGOV_ENVIRONMENT": "development", "SECRET_KEY": "bench-" + "x" * 50, "LOG_LEVEL": "warning",
           "DB_CONN_MAX_AGE": "0"}  # fmt: skip
    command = [sys.executable, __file__, "--worker", task, "--database-url", database_url,
               "--statistic", args.statistic, "--rows", str(args.rows)]  # fmt: skip
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(WORKER_TAG)]
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"{task} failed (exit {done.returncode})")
    return json.loads(lines[-1][len(WORKER_TAG) :])


# --- the data ------------------------------------------------------------------------------------------------
def load_results(url: str, sites: list[int], substances: list[int], samples_per_site: int) -> int:
    """COPY the samples and their results (every substance in every sample); returns the results written."""
    rng = np.random.default_rng(SEED)
    k = len(substances)
    sub_ids = np.asarray(substances, dtype=np.int64)
    sub_mu = rng.normal(0.0, 1.5, k)  # ln ng/L
    sub_sigma = rng.uniform(0.6, 1.6, k)
    lod = np.round(np.exp(sub_mu + rng.normal(0.3, 0.8, k)), 3).clip(0.001)  # laboratory A
    lods = np.stack([lod, np.round(lod / rng.uniform(2, 5, k), 3).clip(0.001)])  # laboratory B: a lower LOD
    loqs = np.round(lods * 3, 3)
    site_effect = rng.normal(0.0, 1.0, len(sites))
    span = int((LAST - FIRST) / np.timedelta64(1, "s"))
    written = sample_id = 0
    with psycopg.connect(url) as conn:
        for index, site in enumerate(sites):
            times = (FIRST + np.sort(rng.integers(0, span, samples_per_site)).astype("timedelta64[s]")).astype("M8[us]")
            lab = (rng.random(samples_per_site) < 0.3).astype(np.int64)  # which laboratory analysed the sample
            ids = np.arange(sample_id + 1, sample_id + samples_per_site + 1)
            sample_id += samples_per_site
            samples = pl.DataFrame({"id": ids, "site_id": site, "sampled_at": times, "matrix": "water",
                                    "method": "bench", "sample_code": [f"BM-{i}" for i in ids]})  # fmt: skip
            _copy(conn, "monitoring_sample", samples.with_columns(pl.col("sampled_at").dt.replace_time_zone("UTC")))
            n = samples_per_site * k
            sub = np.tile(np.arange(k), samples_per_site)
            sample_lab = np.repeat(lab, k)
            x = np.exp(sub_mu[sub] + site_effect[index] + sub_sigma[sub] * rng.standard_normal(n))
            x = _three_figures(x)
            row_lod, row_loq = lods[sample_lab, sub], loqs[sample_lab, sub]
            below_lod, below_loq = x < row_lod, (x >= row_lod) & (x < row_loq)
            qualifier = np.where(below_lod, "lt_lod", np.where(below_loq, "lt_loq", "detected"))
            value = np.where(below_lod, row_lod, np.where(below_loq, row_loq, x))
            results = pl.DataFrame({
                "sample_id": np.repeat(ids, k), "substance_id": sub_ids[sub], "site_id": site,
                "sampled_at": np.repeat(times, k), "matrix": "water", "value_reported": value.astype(str),
                "unit_reported": "ng/L", "qualifier": qualifier, "value": value, "lod": row_lod, "loq": row_loq,
                "qa_flags": "",
            }).with_columns(  # fmt: skip
                pl.col("sampled_at").dt.replace_time_zone("UTC"),
                value_reported=pl.when(pl.col("qualifier") == "lt_lod").then(pl.lit("ND"))
                .when(pl.col("qualifier") == "lt_loq").then("<" + pl.col("value_reported"))
                .otherwise(pl.col("value_reported")),
            )  # fmt: skip
            _copy(conn, "monitoring_result", results)
            written += n
        conn.execute("SELECT setval('monitoring_sample_id_seq', %s)", (sample_id,))
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (FREEZE, ANALYZE) monitoring_sample, monitoring_result")
        conn.execute("CHECKPOINT")
    return written


def _three_figures(x: np.ndarray) -> np.ndarray:
    """Round to three significant figures, as laboratories report (and so that detects tie)."""
    scale = 10.0 ** (np.floor(np.log10(x)) - 2)
    return np.round(x / scale) * scale


def _copy(conn: psycopg.Connection, table: str, frame: pl.DataFrame) -> None:
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    query = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(sql.Identifier(table), columns)
    with conn.cursor().copy(query) as copy:
        copy.write(frame.write_csv(include_header=False).encode())


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def warm_up(url: str) -> None:
    """Read the tables once, so that both timed sides read from the same warm cache."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT count(*), sum(value) FROM monitoring_result").fetchone()


# --- the run -------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="results (default 10,000,000)")
    parser.add_argument("--statistic", choices=("max", "p95", "km_mean"), default="p95", help="the run's MEC")
    parser.add_argument("--keep", action="store_true", help="keep the database (for profiling)")
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(WORKER_TAG + json.dumps(WORKERS[args.worker](args.database_url, args)), flush=True)
        return

    url = f"{SERVER}/{DATABASE}"
    samples_per_site = max(1, round(args.rows / (SITES * SUBSTANCES)))
    with tempfile.TemporaryDirectory(prefix="npgov-bench-") as tmp:
        try:
            recreate_database()
            start = time.perf_counter()
            ids = run_worker("setup", url, args, Path(tmp))
            setup = time.perf_counter() - start
            start = time.perf_counter()
            rows = load_results(url, ids["sites"], ids["substances"], samples_per_site)
            load = time.perf_counter() - start
            print(f"# {rows:,} results ({SITES} sites × {SUBSTANCES} substances × {samples_per_site} samples): "
                  f"schema and reference data {setup:.0f} s, generation and COPY with VACUUM {load:.0f} s",
                  flush=True)  # fmt: skip
            warm_up(url)
            anchor = run_worker("anchor", url, args, Path(tmp))
            ours = run_worker("npgov", url, args, Path(tmp))
        finally:
            if not args.keep:
                recreate_database(drop_only=True)
    if ours["results"] != rows or anchor["rows"] != rows or ours["pairs"] != anchor["pairs"]:
        raise SystemExit(f"the two sides read different data: NPGov {ours}, DuckDB {anchor}, written {rows}")
    print(f"# NPGov run ({args.statistic}) {ours['seconds']:.2f} s: {ours['pairs']:,} site × substance RQs "
          f"({ours['used']:,} with the {args.statistic}; the rest never detected or falling back to the maximum), "
          f"{ours['substances']} substances ranked; with the run saved (run_execute) {ours['execute_seconds']:.2f} s; "
          f"DuckDB {anchor['seconds']:.2f} s "
          f"(of which the COPY out of PostgreSQL {anchor['read_seconds']:.2f} s)", flush=True)  # fmt: skip
    print(f"BENCH screening ratio={ours['seconds'] / anchor['seconds']:.2f} seconds={ours['seconds']:.2f} "
          f"duckdb_seconds={anchor['seconds']:.2f} execute_seconds={ours['execute_seconds']:.2f} rows={rows} "
          f"pairs={ours['pairs']}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
