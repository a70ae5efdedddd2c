"""The maintained statistics (SummaryCell, SeriesSummary) equal a recomputation from the raw results after any
sequence of imports, withdrawals and corrections (a correction is how results are edited: the wrong batch is
withdrawn and the corrected file imported, DESIGN.md), on SQLite and PostgreSQL (issue 17)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npgov.core.models import ImportBatch
from npgov.monitoring import summaries
from npgov.monitoring.models import Result, SeriesSummary, SummaryCell
from npgov.monitoring.selectors import substance_detections
from npgov.monitoring.services import batch_withdraw
from tests.monitoring.conftest import import_file

pytestmark = pytest.mark.django_db

HEADER = "站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室\n"
SITES = {"DL-DW-01": "ng/L", "DL-SE-03": "ng/L", "DL-SD-01": "ng/g dw"}
SUBSTANCES = ("1763-23-1", "335-67-1", "375-73-5")
# Local (Beijing) times around a New Year: 00:30 on 1 January is still the old year in UTC.
TIMES = ("2024-06-18 09:30", "2024-12-31 23:30", "2025-01-01 00:30", "2025-03-02", "2026-07-09 10:00")
VALUES = ("1.5", "0.42", "ND", "<0.3", "0.2L", "NA", "7", "0.3")
LABS = ("市监测中心", "第三方实验室")

row = st.tuples(
    st.sampled_from(sorted(SITES)), st.sampled_from(TIMES), st.sampled_from(SUBSTANCES), st.sampled_from(VALUES),
    st.sampled_from(LABS),
)  # fmt: skip
rows = st.lists(row, min_size=1, max_size=12, unique_by=lambda r: (r[0], r[1], r[2], r[4]))
operation = st.one_of(
    st.tuples(st.just("import"), rows),
    st.tuples(st.just("withdraw"), st.integers(0, 5)),
    st.tuples(st.just("correct"), st.integers(0, 5), st.sampled_from(VALUES)),
)
serial = itertools.count()


def _file(tmp_path: Path, lines: list[tuple[str, ...]]) -> Path:
    text = HEADER + "".join(f"{s},{t},{c},{v},{SITES[s]},0.1,0.3,{lab}\n" for s, t, c, v, lab in lines)
    path = tmp_path / f"results-{next(serial)}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _totals_from_cells(matrix: str) -> dict[int, tuple[int, int, int]]:
    totals: dict[int, tuple[int, int, set[int]]] = {}
    for cell in SummaryCell.objects.filter(matrix=matrix):
        n, detected, sites = totals.get(cell.substance_id, (0, 0, set()))
        totals[cell.substance_id] = (n + cell.n, detected + cell.detected, sites | {cell.site_id})
    return {substance: (n, detected, len(sites)) for substance, (n, detected, sites) in totals.items()}


def _check(*, pending_allowed: bool) -> None:
    cells, series = summaries.stored()
    want_cells, want_series = summaries.recomputed()
    assert cells == want_cells  # cells are always written in the import's or withdrawal's transaction
    for matrix in ("water", "sediment"):  # the cached per-substance totals follow every change, removals too
        cached = {r["substance_id"]: (r["n"], r["detected"], r["sites"]) for r in substance_detections(matrix=matrix)}
        assert cached == _totals_from_cells(matrix)
    if pending_allowed:
        assert set(series) <= set(want_series)
        assert {k: v for k, v in want_series.items() if k in series} == series
        assert summaries.pending_series_count() == len(set(want_series) - set(series))
        summaries.refresh_pending_series()
        cells, series = summaries.stored()
        assert cells == want_cells
    assert series == want_series


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=6), sync_series=st.sampled_from([0, 2, 100]))
def test_maintained_statistics_equal_a_recomputation(
    tmp_path: Path, sites: dict, labs: dict, personas: Any, monkeypatch: Any, operations: list, sync_series: int
) -> None:
    monkeypatch.setattr(summaries, "SYNC_SERIES", sync_series)
    with transaction.atomic():
        batches: list[tuple[int, list[tuple[str, ...]]]] = []
        for op in operations:
            if op[0] == "import":
                report = import_file(_file(tmp_path, op[1]))
                if report.committed:
                    batches.append((report.batch_id, op[1]))
            elif batches:
                batch_id, lines = batches[op[1] % len(batches)]
                try:
                    batch_withdraw(batch=ImportBatch.objects.get(pk=batch_id), user=personas.bureau)
                except ValidationError:
                    continue  # a later batch added results to its samples: refused, nothing changed
                batches.remove((batch_id, lines))
                if op[0] == "correct":  # the same rows again, the first one's value corrected
                    corrected = [(*lines[0][:3], op[2], lines[0][4]), *lines[1:]]
                    report = import_file(_file(tmp_path, corrected))
                    if report.committed:
                        batches.append((report.batch_id, corrected))
            _check(pending_allowed=sync_series < 100)
        transaction.set_rollback(True)


def test_an_import_and_its_withdrawal_maintain_the_rows(tmp_path: Path, sites: dict, labs: dict, personas) -> None:
    report = import_file(_file(tmp_path, [
        ("DL-DW-01", "2024-12-31 23:30", "1763-23-1", "1.5", LABS[0]),
        ("DL-DW-01", "2025-01-01 00:30", "1763-23-1", "ND", LABS[0]),
        ("DL-DW-01", "2025-03-02", "1763-23-1", "NA", LABS[0]),
        ("DL-SD-01", "2025-03-02", "335-67-1", "0.42", LABS[1]),
    ]))  # fmt: skip
    assert report.committed
    cells = {(c.site.code, c.matrix, c.year): (c.n, c.detected, c.max_detected, c.max_limit)
             for c in SummaryCell.objects.select_related("site")}  # fmt: skip
    # local years: 1 January 00:30 in Beijing is 2025 although it is still 2024 in UTC; "NA" is not a result
    assert cells == {
        ("DL-DW-01", "water", 2024): (1, 1, 1.5, None),
        ("DL-DW-01", "water", 2025): (1, 0, None, 0.1),
        ("DL-SD-01", "sediment", 2025): (1, 1, 0.42, None),
    }
    row = SeriesSummary.objects.get(site__code="DL-DW-01")
    assert (row.n, row.summary["n"], row.summary["n_censored"], row.summary["max_detected"]) == (2, 2, 1, 1.5)
    assert row.trend["n_input"] == 2
    _check(pending_allowed=False)
    batch_withdraw(batch=ImportBatch.objects.get(pk=report.batch_id), user=personas.bureau)
    assert not SummaryCell.objects.exists() and not SeriesSummary.objects.exists()


def test_a_big_change_leaves_series_pending_for_the_job(
    tmp_path: Path, sites: dict, labs: dict, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(summaries, "SYNC_SERIES", 1)
    lines = [("DL-DW-01", "2025-03-02", cas, "1.5", LABS[0]) for cas in SUBSTANCES]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert import_file(_file(tmp_path, lines)).committed
    assert SummaryCell.objects.count() == 3 and not SeriesSummary.objects.exists()
    assert summaries.pending_series_count() == 3
    for callback in callbacks:  # the job, run as the worker would
        callback()
    assert summaries.pending_series_count() == 0 and SeriesSummary.objects.count() == 3
    _check(pending_allowed=False)


def test_rebuild_recomputes_every_row(tmp_path: Path, sites: dict, labs: dict) -> None:
    import_file(_file(tmp_path, [("DL-DW-01", t, c, "0.42", LABS[0]) for t in TIMES for c in SUBSTANCES]))
    SummaryCell.objects.update(n=999)  # stale rows, and a lost one
    SeriesSummary.objects.first().delete()
    Result.objects.filter(substance__cas=SUBSTANCES[0]).delete()  # results removed behind the importer's back
    counts = summaries.rebuild()
    assert counts["results"] == Result.objects.count() == 10
    assert counts["series"] == 2 and counts["cells"] == SummaryCell.objects.count() == 6
    _check(pending_allowed=False)


def test_rebuild_in_worker_processes_and_cells_only_then_pending(tmp_path: Path, sites: dict, labs: dict) -> None:
    import_file(_file(tmp_path, [(s, t, c, v, LABS[0]) for s in ("DL-DW-01", "DL-SD-01") for t in TIMES
                                 for c, v in zip(SUBSTANCES, VALUES, strict=False)]))  # fmt: skip
    want = summaries.recomputed()
    summaries.rebuild(workers=2)
    assert summaries.stored() == want
    counts = summaries.rebuild(cells_only=True)
    assert counts["series"] == 0 and not SeriesSummary.objects.exists()
    assert summaries.pending_series_count() == 6
    site = sites["DL-SD-01"]
    assert summaries.refresh_pending_series(site_ids=[site.pk]) == 3
    assert set(SeriesSummary.objects.values_list("site_id", flat=True)) == {site.pk}
    assert summaries.refresh_pending_series() == 3
    assert summaries.stored() == want
