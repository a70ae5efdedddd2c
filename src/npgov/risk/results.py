"""Where a run's results live: one :class:`RunResultRow` per result row, so that no list or API reads them whole.

A 10-million-result run has 80,000 site × substance rows (about 23 MB as one JSON value): as one column every list
of runs and every save carried it. As rows, the detail page reads the ranking and its top rows by an index, the
substance page one substance's rows, and only the exports and the API detail read everything (streamed).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator
from typing import Any

from django.db import connection, transaction

from npgov.risk.models import RISK_SCORE, AssessmentRun, RunResultRow

SCORE_LIMIT = float(RISK_SCORE.maximum or 1e15)
BATCH = 2000  # rows per INSERT and per fetch: bounded memory whatever the run's size
# The sections of each kind, in the order the results dict has always had them.
SECTIONS = {"ecological": ("sites", "substances"), "health": ("rows", "sites")}
# Ecological runs that estimate unmonitored substances (issue 18) have a third section, kept apart from the
# measured RQs: one row per substance with an estimated RQ (PEC / PNEC) from the reported releases.
ESTIMATES = "estimates"


def sections_of(run: AssessmentRun) -> tuple[str, ...]:
    """The result sections a run of its kind and options has."""
    sections: tuple[str, ...] = SECTIONS.get(run.kind, ())
    if run.kind == AssessmentRun.Kind.ECOLOGICAL and run.estimate_unmonitored:
        sections += (ESTIMATES,)
    return sections


def _finite(value: Any) -> float:
    """A sort key within the score column's range (an RQ beyond it still sorts first)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return 0.0
    return max(-SCORE_LIMIT, min(SCORE_LIMIT, float(value)))


def row_score(kind: str, section: str, data: dict[str, Any]) -> float:
    """The order the pages list a section in (highest first): RQ, hazard index, HQ or risk score; 0 when none."""
    if section == "substances":
        return _finite(data.get("risk_score"))
    if kind == "health" and section == "sites":
        return max(_finite(data.get("hi_child")), _finite(data.get("hi_adult")))
    if section == "rows":
        return max(_finite(data.get("hq_child")), _finite(data.get("hq_adult")))
    return _finite(data.get("rq"))


def _ids(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else None


def _rows(run: AssessmentRun, results: dict[str, Any]) -> Iterator[RunResultRow]:
    for section, items in results.items():
        if section not in SECTIONS["ecological"] + SECTIONS["health"] + (ESTIMATES,):
            raise ValueError(f"unknown result section {section!r}")
        for position, data in enumerate(items or []):
            yield RunResultRow(run=run, section=section, position=position, site_id=_ids(data, "site_id"),
                               substance_id=_ids(data, "substance_id"), score=row_score(run.kind, section, data),
                               data=data)  # fmt: skip


@transaction.atomic
def results_store(run: AssessmentRun, results: dict[str, Any]) -> int:
    """Replace the run's result rows by ``results`` (section → list of row dicts); returns the number of rows."""
    RunResultRow.objects.filter(run=run).delete()
    if connection.vendor == "postgresql":
        return _copy_rows(run, results)
    batch: list[RunResultRow] = []
    count = 0
    for row in _rows(run, results):
        batch.append(row)
        if len(batch) >= BATCH:
            RunResultRow.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    RunResultRow.objects.bulk_create(batch)
    return count + len(batch)


def _copy_rows(run: AssessmentRun, results: dict[str, Any]) -> int:
    """PostgreSQL: the rows in one COPY (80,000 rows of a 10-million-result run: INSERTs took minutes)."""
    table = RunResultRow._meta.db_table
    columns = "run_id, section, position, site_id, substance_id, score, data"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in _rows(run, results):
            copy.write_row((run.pk, row.section, row.position, row.site_id, row.substance_id, row.score,
                            json.dumps(row.data)))  # fmt: skip
            count += 1
    return count


def _section(run: AssessmentRun, section: str) -> Any:
    return RunResultRow.objects.filter(run=run, section=section)


def section_rows(
    run: AssessmentRun, section: str, *, by_score: bool = False, substance_id: int | None = None,
    categories: Collection[str] | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """One section's row dicts in computed order, or highest score first (ties in computed order); only one
    substance's, or only rows of the given RQ ``categories``, when asked."""
    rows = _section(run, section)
    if substance_id is not None:
        rows = rows.filter(substance_id=substance_id)
    if categories is not None:
        rows = rows.filter(data__category__in=list(categories))
    rows = rows.order_by("-score", "position") if by_score else rows.order_by("position")
    if limit is not None:
        rows = rows[:limit]
    return list(rows.values_list("data", flat=True))


def section_iter(run: AssessmentRun, section: str) -> Iterator[dict[str, Any]]:
    """Every row dict of a section in computed order, fetched in batches (exports: constant memory)."""
    return _section(run, section).order_by("position").values_list("data", flat=True).iterator(chunk_size=BATCH)


def section_count(run: AssessmentRun, section: str) -> int:
    return _section(run, section).count()


def results_load(run: AssessmentRun) -> dict[str, Any]:
    """The whole results dict as computed (each section of the run's kind, empty when it has no rows)."""
    results: dict[str, Any] = {section: [] for section in sections_of(run)}
    for section, data in RunResultRow.objects.filter(run=run).order_by("section", "position").values_list(
        "section", "data"
    ).iterator(chunk_size=BATCH):  # fmt: skip
        results.setdefault(section, []).append(data)
    return results


def ranked_count(run: AssessmentRun) -> int:
    """What a finished run reports: substances ranked (ecological) or site × substance rows (health)."""
    return section_count(run, "rows" if run.kind == AssessmentRun.Kind.HEALTH else "substances")
