"""Benchmark: the compliance check over 200,000 survey lines of 20,000 enterprises, full and incremental.

Data: a fresh PostgreSQL database ``npgov_bench_compliance`` with the real schema (migrated, reference data: the
lists, their measures, the substance registry), 20,000 operating enterprises in Dalian's districts, one accepted
report each for the 2024 survey round with 10 lines (200,000 lines): a substance drawn from the substances the
current lists name with control measures (nine in ten lines) or from the rest of the registry, an activity, an
exempted use the enterprise relies on (none, a listed one, or a wrong one) and releases (zero for half). Written
with ``bulk_create`` (the reports) in the setup worker.

NPGov, each in a fresh process, timed from the call to its return, with the process's peak resident memory:
1. ``compliance_run(full=True)`` on the empty findings table: every enterprise checked, every finding opened;
2. 1 % of the enterprises (200) change one line each (another activity and exempted use, written in SQL);
3. ``compliance_run()``: the incremental check (only the changed enterprises are evaluated).

Anchor: reading the same lines once — ``SELECT`` of the fields the check reads (enterprise, substance, activity,
year, city, exempted use, releases) over the accepted reports' lines, fetched into Python by psycopg — the least
any check over these lines must do. Prints

    BENCH compliance seconds=<full> peak_mb=<full run's peak RSS> findings=<opened> incremental_seconds=<s>
          ratio=<full seconds / anchor seconds> anchor_seconds=<s> lines=<n> enterprises=<n> ...

Target (issue 17): the full check within minutes and under 500 MB. Usage: python bench/compliance.py
[--enterprises N] [--lines-per-enterprise N] [--keep] [--src DIR] (``--src`` runs the checks with another source
tree, e.g. a worktree of the code before, on the same data). Needs PostgreSQL at 127.0.0.1:5432 as user postgres
(or NPGOV_BENCH_POSTGRES=postgres://user@host:port); the database is dropped and re-created, and dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("NPGOV_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "npgov_bench_compliance"
WORKER_TAG = "BENCH-WORKER "
DISTRICTS = ("210202", "210203", "210204", "210211", "210212", "210213", "210214", "210224", "210281", "210283")
ACTIVITIES = ("production", "processing_use", "import", "export")
EXEMPTED = ("", "", "无", "用于生产灭火泡沫药剂", "半导体制造中的光刻或蚀刻工艺", "其他用途")
YEAR = 2024
SEED = 20261202


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "npgov.settings"
    import django

    django.setup()


def build_survey(enterprises: int, lines_per_enterprise: int, seed: int = SEED) -> dict:
    """In a set-up Django process on a migrated database with the reference data: the enterprises and their
    accepted reports with their lines (importable by other benchmarks that need the same survey data)."""
    from django.db import transaction

    from npgov.core.models import District
    from npgov.enterprises.models import Enterprise
    from npgov.enterprises.selectors import industry_by_code
    from npgov.enterprises.services import demo_uscc
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance
    from npgov.surveys.models import Campaign, Submission, SubmissionLine

    rng = random.Random(seed)
    listed = sorted(
        set(ControlMeasure.objects.filter(entry__regulatory_list__is_current=True,
                                          entry__members__substance__isnull=False)
            .values_list("entry__members__substance_id", flat=True))
    )  # fmt: skip
    others = list(Substance.objects.exclude(pk__in=listed).order_by("pk").values_list("pk", flat=True)[:500])
    districts = list(District.objects.filter(code__in=DISTRICTS))
    industry = industry_by_code(code="2614")
    city = District.objects.get(code="210200")
    campaign, _new = Campaign.objects.get_or_create(city=city, year=YEAR, defaults={
        "title": f"{YEAR}年度调查（基准）", "deadline": f"{YEAR + 1}-06-30"})  # fmt: skip
    start = Enterprise.objects.count()
    with transaction.atomic():
        companies = Enterprise.objects.bulk_create(
            [Enterprise(uscc=demo_uscc(500_000 + start + i, districts[i % len(districts)].code),
                        name=f"基准企业 {i:05d}", district=districts[i % len(districts)], industry=industry)
             for i in range(enterprises)], batch_size=5000,
        )  # fmt: skip
        submissions = Submission.objects.bulk_create(
            [Submission(campaign=campaign, enterprise=c, status="accepted") for c in companies], batch_size=5000
        )
        lines, written = [], 0
        for submission in submissions:
            seen: set[tuple[int, str]] = set()
            while len(seen) < lines_per_enterprise:
                substance = rng.choice(listed) if rng.random() < 0.9 or not others else rng.choice(others)
                activity = rng.choice(ACTIVITIES)
                if (substance, activity) in seen:
                    continue
                seen.add((substance, activity))
                releases = Decimal(rng.choice(("0", "0", "1.5", "12")))
                lines.append(SubmissionLine(
                    submission=submission, substance_id=substance, activity=activity,
                    quantity_t=Decimal(f"{rng.uniform(0.1, 50):.3f}"),
                    uses="基准", release_air_kg=releases, release_water_kg=0, release_soil_kg=0, transfer_kg=0,
                    details={"exempted_use": rng.choice(EXEMPTED)},
                ))  # fmt: skip
            if len(lines) >= 20_000:
                SubmissionLine.objects.bulk_create(lines, batch_size=5000)
                written, lines = written + len(lines), []
        SubmissionLine.objects.bulk_create(lines, batch_size=5000)
        written += len(lines)
    return {"enterprises": len(companies), "lines": written, "listed_substances": len(listed),
            "campaign": campaign.pk, "enterprise_ids": [c.pk for c in companies]}  # fmt: skip


def worker_setup(database_url: str, args: argparse.Namespace) -> dict:
    _django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("reference", stdout=io.StringIO())
    built = build_survey(args.enterprises, args.lines_per_enterprise)
    built.pop("enterprise_ids")
    return built


def worker_check(database_url: str, args: argparse.Namespace) -> dict:
    """One compliance check, timed; peak RSS of this process (Django and all)."""
    _django(database_url)
    from npgov.compliance.models import Finding
    from npgov.compliance.services import compliance_run

    start = time.perf_counter()
    try:
        counts = compliance_run(full=args.full)
    except TypeError:  # the code before issue 17: always the full check
        counts = compliance_run()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = counts.as_dict() if hasattr(counts, "as_dict") else dict(counts)
    return {"seconds": seconds, "peak_mb": peak_mb, "findings": Finding.objects.count(), **result}


ANCHOR_QUERY = """
SELECT s.enterprise_id, l.id, l.substance_id, l.activity, c.year, c.city_id, l.details -> 'exempted_use',
       l.release_air_kg + l.release_water_kg + l.release_soil_kg
FROM surveys_submissionline l JOIN surveys_submission s ON s.id = l.submission_id
JOIN surveys_campaign c ON c.id = s.campaign_id
WHERE s.status = 'accepted'
"""


def anchor(url: str) -> tuple[float, int]:
    with psycopg.connect(url) as conn:
        conn.execute(ANCHOR_QUERY).fetchall()  # warm
        start = time.perf_counter()
        rows = conn.execute(ANCHOR_QUERY).fetchall()
        return time.perf_counter() - start, len(rows)


def change_one_percent(url: str, share: float = 0.01) -> int:
    """One line of 1 % of the enterprises: another exempted use claimed, more releases."""
    with psycopg.connect(url) as conn:
        changed = conn.execute(
            """
            UPDATE surveys_submissionline l
            SET details = jsonb_build_object('exempted_use', '无'), release_air_kg = release_air_kg + 1
            WHERE l.id IN (
                SELECT min(l2.id) FROM surveys_submissionline l2 JOIN surveys_submission s ON s.id = l2.submission_id
                WHERE s.status = 'accepted' AND s.enterprise_id %% %s = 0 GROUP BY s.enterprise_id)
            """,
            (round(1 / share),),
        ).rowcount
        conn.commit()
    return changed


WORKERS = {"setup": worker_setup, "check": worker_check}


def run_worker(task: str, database_url: str, args: argparse.Namespace, instance: Path, *extra: str) -> dict:
    src = str(Path(args.src).resolve() / "src") if args.src and task == "check" else str(ROOT / "src")
    env = {**os.environ, "DATABASE_URL": database_url, "NPGOV_INSTANCE_DIR": str(instance), "DEBUG": "false",
           "NPGOV_ENVIRONMENT": "development", "SECRET_KEY": "bench-" + "x" * 50, "LOG_LEVEL": "warning",
           "DB_CONN_MAX_AGE": "0", "PYTHONPATH": src}  # fmt: skip
    command = [sys.executable, __file__, "--worker", task, "--database-url", database_url,
               "--enterprises", str(args.enterprises), "--lines-per-enterprise", str(args.lines_per_enterprise),
               *extra]  # fmt: skip
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(WORKER_TAG)]
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"{task} failed (exit {done.returncode})")
    return json.loads(lines[-1][len(WORKER_TAG) :])


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--lines-per-enterprise", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--src", help="run the checks with this source tree (its src/) instead of this one")
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(ROOT / "src")))
        print(WORKER_TAG + json.dumps(WORKERS[args.worker](args.database_url, args)), flush=True)
        return

    url = f"{SERVER}/{DATABASE}"
    with tempfile.TemporaryDirectory(prefix="npgov-bench-") as tmp:
        try:
            recreate_database()
            start = time.perf_counter()
            built = run_worker("setup", url, args, Path(tmp))
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            print(f"# {built['lines']:,} survey lines of {built['enterprises']:,} enterprises "
                  f"({built['listed_substances']} substances under list measures): "
                  f"schema, reference data and reports {time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
            anchor_seconds, anchor_rows = anchor(url)
            full = run_worker("check", url, args, Path(tmp), "--full")
            changed = change_one_percent(url)
            incremental = run_worker("check", url, args, Path(tmp))
        finally:
            if not args.keep:
                recreate_database(drop_only=True)
    if anchor_rows != built["lines"]:
        raise SystemExit(f"the anchor read {anchor_rows} lines, {built['lines']} were written")
    print(f"# full check {full['seconds']:.1f} s, peak {full['peak_mb']:.0f} MB: opened {full['opened']:,} findings "
          f"({full.get('checked', '?')} enterprises); {changed} lines changed, incremental check "
          f"{incremental['seconds']:.1f} s (peak {incremental['peak_mb']:.0f} MB, {incremental.get('checked', '?')} "
          f"enterprises checked, opened {incremental['opened']}, resolved {incremental['resolved']}); anchor: "
          f"reading the {anchor_rows:,} lines' fields into Python {anchor_seconds:.2f} s", flush=True)  # fmt: skip
    print(f"BENCH compliance seconds={full['seconds']:.2f} peak_mb={full['peak_mb']:.0f} findings={full['findings']} "
          f"incremental_seconds={incremental['seconds']:.2f} ratio={full['seconds'] / anchor_seconds:.1f} "
          f"anchor_seconds={anchor_seconds:.3f} incremental_peak_mb={incremental['peak_mb']:.0f} "
          f"lines={built['lines']} enterprises={built['enterprises']} changed={changed}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
