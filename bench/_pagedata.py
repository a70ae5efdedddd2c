"""Data helpers of ``bench/pages.py`` (not a benchmark itself): enterprises, survey lines and findings by COPY.

The results come from ``bench/screening.py``'s builder (imported there, not copied). Here: 20,000 enterprises
in the bench's districts, one survey campaign with a submission each (accepted) and 10 lines per submission
(200,000 lines), and findings on about 80 % of the lines (the order of what ``npgov compliance run`` opened on
the issue's data: 165,495 for 198,000 lines), all written with ``COPY`` into the migrated schema.

The tables are filled by column name; any other NOT NULL column without a database default (a column a later
migration adds) gets a neutral value of its type, so that the same builder loads the schema before and after
a change.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import psycopg
from psycopg import sql

ACTIVITIES = ("production", "processing_use", "import")
RULES = ("ban", "ban_began", "exemption_expired")
SEVERITIES = ("high", "medium", "low")
STATUSES = ("open", "open", "open", "rectification_submitted", "closed", "resolved")
LINES_PER_SUBMISSION = 10
FINDING_SHARE = 0.8

# neutral values for NOT NULL columns the builder does not know (by PostgreSQL data type)
_NEUTRAL = {
    "character varying": "", "text": "", "boolean": False, "integer": 0, "smallint": 0, "bigint": 0,
    "numeric": 0, "double precision": 0.0, "jsonb": "{}", "date": "2026-01-01",
    "timestamp with time zone": "2026-01-01T00:00:00+00:00", "uuid": "00000000-0000-0000-0000-000000000000",
}  # fmt: skip


def copy_frame(conn: psycopg.Connection, table: str, frame: pl.DataFrame) -> None:
    """COPY ``frame`` into ``table``, completing NOT NULL columns without a default that it lacks."""
    missing = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    ).fetchall()
    now = dt.datetime.now(dt.UTC).isoformat()
    extra = {}
    for name, kind in missing:
        if name in frame.columns:
            continue
        if name in ("created_at", "updated_at"):
            extra[name] = pl.lit(now)
        elif kind in _NEUTRAL:
            extra[name] = pl.lit(_NEUTRAL[kind])
        else:
            raise SystemExit(f"bench: do not know how to fill {table}.{name} ({kind})")
    if extra:
        frame = frame.with_columns(**extra)
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    query = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(sql.Identifier(table), columns)
    with conn.cursor().copy(query) as copy:
        for chunk in frame.iter_slices(200_000):
            copy.write(chunk.write_csv(include_header=False).encode())


def _next_id(conn: psycopg.Connection, table: str) -> int:
    query = sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(sql.Identifier(table))
    return int(conn.execute(query).fetchone()[0])


def _setval(conn: psycopg.Connection, table: str) -> None:
    conn.execute(
        sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), (SELECT max(id) FROM {}))").format(
            sql.Literal(table), sql.Identifier(table)
        )
    )


def load_enterprises(url: str, *, enterprises: int, districts: list[int], industry: int, campaign: int,
                     substances: list[int], seed: int) -> dict[str, int]:  # fmt: skip
    """COPY the enterprises, their accepted submissions, 10 survey lines each and findings; returns counts."""
    rng = np.random.default_rng(seed)
    with psycopg.connect(url) as conn:
        first = _next_id(conn, "enterprises_enterprise")
        ids = np.arange(first, first + enterprises)
        district = np.asarray(districts)[np.arange(enterprises) % len(districts)]
        copy_frame(conn, "enterprises_enterprise", pl.DataFrame({
            "id": ids, "uscc": [f"91210200BP{i:07d}X"[:18] for i in range(enterprises)],
            "name": [f"基准化工有限公司{i:05d}" for i in range(enterprises)], "district_id": district,
            "industry_id": industry, "status": "operating", "address": "", "contact_name": "", "contact_phone": "",
            "latitude": rng.uniform(38.75, 39.95, enterprises), "longitude": rng.uniform(121.2, 122.9, enterprises),
            "key_discharge_unit": rng.random(enterprises) < 0.1,
        }))  # fmt: skip
        first_sub = _next_id(conn, "surveys_submission")
        subs = np.arange(first_sub, first_sub + enterprises)
        submitted = dt.datetime(2026, 3, 1, tzinfo=dt.UTC).isoformat()
        copy_frame(conn, "surveys_submission", pl.DataFrame({
            "id": subs, "campaign_id": campaign, "enterprise_id": ids, "status": "accepted", "filler": "bench",
            "reviewer": "", "legal_representative": "", "submitted_at": submitted, "frozen_sha256": "",
        }))  # fmt: skip
        k = LINES_PER_SUBMISSION
        n = enterprises * k
        pool = np.asarray(substances)
        # k distinct substances per submission: a random offset and stride into the pool
        offset = rng.integers(0, len(pool), enterprises)
        chosen = pool[(np.repeat(offset, k) + np.tile(np.arange(k) * 7, enterprises)) % len(pool)]
        first_line = _next_id(conn, "surveys_submissionline")
        lines = np.arange(first_line, first_line + n)
        activity = np.asarray(ACTIVITIES)[rng.integers(0, len(ACTIVITIES), n)]
        copy_frame(conn, "surveys_submissionline", pl.DataFrame({
            "id": lines, "submission_id": np.repeat(subs, k), "substance_id": chosen, "activity": activity,
            "quantity_t": np.round(10 ** rng.uniform(-2, 3, n), 3), "uses": "", "tiers": "[]", "details": "{}",
            "release_air_kg": np.round(rng.uniform(0, 50, n), 2), "release_soil_kg": 0.0, "transfer_kg": 0.0,
            "release_water_kg": np.round(rng.uniform(0, 50, n), 2),
        }))  # fmt: skip
        pick = rng.random(n) < FINDING_SHARE
        m = int(pick.sum())
        first_finding = _next_id(conn, "compliance_finding")
        opened = np.datetime64("2026-04-01") + rng.integers(0, 200, m).astype("timedelta64[D]")
        copy_frame(conn, "compliance_finding", pl.DataFrame({
            "id": np.arange(first_finding, first_finding + m), "key": [f"bench:{line}" for line in lines[pick]],
            "enterprise_id": np.repeat(ids, k)[pick], "substance_id": chosen[pick], "line_id": lines[pick],
            "year": 2025, "activity": activity[pick], "rule": np.asarray(RULES)[rng.integers(0, len(RULES), m)],
            "explanation": "基准：受控物质的活动", "legal_basis": "",
            "severity": np.asarray(SEVERITIES)[rng.integers(0, len(SEVERITIES), m)],
            "status": np.asarray(STATUSES)[rng.integers(0, len(STATUSES), m)],
            "opened_on": opened.astype(str), "due_date": (opened + np.timedelta64(90, "D")).astype(str),
            "rectification": "", "note": "",
        }))  # fmt: skip
        for table in ("enterprises_enterprise", "surveys_submission", "surveys_submissionline", "compliance_finding"):
            _setval(conn, table)
        conn.commit()
    return {"enterprises": enterprises, "lines": n, "findings": m}
