"""Maintaining the monitoring statistics: :class:`SummaryCell` and :class:`SeriesSummary` rows (issue 17).

Every path that writes or removes results calls :func:`refresh_cells` in its own transaction with the
keys it touched; the rows of those keys are recomputed from the raw results (read through the sample
index, the only index that leads with the site), never patched, so a withdrawal or an edit cannot leave
a cell off by one. :func:`rebuild` recomputes every row (``npgov monitoring rebuild-summaries``).

Cells (exact value distributions per site × substance × matrix × local year) cost a few microseconds per
result and are always written in the caller's transaction. A series row costs about 35 ms (the censored
summary plus the Mann–Kendall test), so when a change touches more than :data:`SYNC_SERIES` series
(a big import or withdrawal) its series rows are deleted in the transaction — the cells stay right, and a
series without its row is *pending* (:func:`pending_series_count`) — and a job recomputes them
(:func:`refresh_pending_series`), in short transactions under the import lock. An import names the local years
it wrote, and then only those years' cells are read and rewritten.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext

from npgov.monitoring.models import Result, SeriesSummary, SummaryCell
from npgov.monitoring.selectors import CELLS_VERSION_KEY, CENSORED, MEASURED, summary_row
from npgov.science import distributions
from npgov.science.trends import mann_kendall

LOCAL = ZoneInfo("Asia/Shanghai")  # the calendar year of a cell (models.SummaryCell)
# Above this many series a change defers their rows to a job (about 35 ms each: 20 keep a request under 1 s).
SYNC_SERIES = 20
SITES_PER_QUERY = 20  # a rebuild reads this many sites' results at a time (~25,000 results a site at 10 M)
SERIES_PER_TRANSACTION = 200  # the pending-series job commits after this many
IMPORT_LOCK = "npgov.monitoring.import"  # the advisory lock of imports (storing.write_checked)

SeriesKey = tuple[int, int, str]  # site, substance, matrix
Progress = Callable[[int, int], None]


def lock() -> None:
    """Serialise with imports, withdrawals and the series job (PostgreSQL; SQLite has one writer anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [IMPORT_LOCK])


def _move_cells_version() -> None:
    try:
        cache.incr(CELLS_VERSION_KEY)
    except ValueError:  # no version yet (or evicted): the next reader starts one
        pass


def cells_changed() -> None:
    """Totals cached from the cells (``selectors.cells_stamp``) are stale: now, and again when the transaction
    commits (a reader in between may have cached the old totals under the first move)."""
    _move_cells_version()
    transaction.on_commit(_move_cells_version)


# --- reading raw results ---------------------------------------------------------------------------------------


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COLUMNS = ("site_id", "substance_id", "matrix", "sampled_at", "local_year", "value", "qualifier")


class _Rows:
    """Measured results of some series as columns, sorted by (site, substance, matrix, time, value)."""

    def __init__(
        self, site: Any, substance: Any, matrix: list[str], micros: Any, year: Any, value: Any, censored: Any
    ) -> None:
        self.n = len(matrix)
        self.matrices = sorted(set(matrix))
        code = {m: i for i, m in enumerate(self.matrices)}
        self.site = np.asarray(site, dtype=np.int64)
        self.substance = np.asarray(substance, dtype=np.int64)
        self.matrix = np.fromiter((code[m] for m in matrix), dtype=np.int64, count=self.n)
        self.micros = np.asarray(micros, dtype=np.int64)  # sampling time, µs since 1970 UTC (exact)
        self.year = np.asarray(year, dtype=np.int64)
        self.value = np.asarray(value, dtype=float)
        self.censored = np.asarray(censored, dtype=bool)
        # fully determined by the results (not the database's row order), so sums come out bit for bit the same
        order = np.lexsort((self.censored, self.value, self.micros, self.matrix, self.substance, self.site))
        for name in ("site", "substance", "matrix", "micros", "year", "value", "censored"):
            setattr(self, name, getattr(self, name)[order])

    def moments(self, part: slice | np.ndarray) -> list[datetime]:
        return [EPOCH + timedelta(microseconds=us) for us in self.micros[part].tolist()]

    def series(self) -> Iterator[tuple[SeriesKey, slice]]:
        """Each series (site, substance, matrix) and its slice of the sorted columns."""
        if not self.n:
            return
        change = np.flatnonzero(
            (np.diff(self.site) != 0) | (np.diff(self.substance) != 0) | (np.diff(self.matrix) != 0)
        )
        starts = np.concatenate([[0], change + 1])
        ends = np.concatenate([change + 1, [self.n]])
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            key = (int(self.site[start]), int(self.substance[start]), self.matrices[self.matrix[start]])
            yield key, slice(start, end)


def _read(site_ids: Iterable[int], substance_ids: Iterable[int] | None, years: tuple[int, int] | None = None) -> _Rows:
    """The measured results of these sites (and substances, and local years first..last), through the sample
    index (site, time)."""
    results = Result.objects.filter(MEASURED, sample__site_id__in=list(site_ids))
    if years is not None:
        start, end = datetime(years[0], 1, 1, tzinfo=LOCAL), datetime(years[1] + 1, 1, 1, tzinfo=LOCAL)
        results = results.filter(sample__sampled_at__gte=start, sample__sampled_at__lt=end)
    if substance_ids is not None:
        results = results.filter(substance_id__in=list(substance_ids))
    rows = results.order_by().annotate(local_year=ExtractYear("sampled_at", tzinfo=LOCAL)).values_list(*COLUMNS)
    if connection.vendor == "postgresql":
        return _copy_out(rows)
    fetched = list(rows.iterator(chunk_size=20000))
    site, substance, matrix, moment, year, value, qualifier = zip(*fetched, strict=True) if fetched else ([],) * 7
    micros = [(m - EPOCH) // timedelta(microseconds=1) for m in moment]
    return _Rows(site, substance, list(matrix), micros, year, value, [q in CENSORED for q in qualifier])


def _copy_out(rows: Any) -> _Rows:
    """PostgreSQL: the rows as one COPY stream read by polars (no Python object per row: 10 M rows in minutes)."""
    statement, params = rows.query.sql_with_params()
    censored = ", ".join(f"'{q}'" for q in CENSORED)  # our own constants
    outer = (
        f"COPY (SELECT q.site_id, q.substance_id, q.matrix, (EXTRACT(EPOCH FROM q.sampled_at) * 1000000)::bigint, "
        f"q.local_year, q.value, q.qualifier IN ({censored}) FROM ({statement}) q) TO STDOUT (FORMAT csv)"
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(outer, params) as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    schema = {"site": pl.Int64, "substance": pl.Int64, "matrix": pl.String, "micros": pl.Int64, "year": pl.Int64,
              "value": pl.Float64, "censored": pl.String}  # fmt: skip
    frame = pl.read_csv(buffer, has_header=False, new_columns=list(schema), schema_overrides=schema) if (
        buffer.getbuffer().nbytes
    ) else pl.DataFrame(schema=schema)  # fmt: skip
    return _Rows(
        frame["site"].to_numpy(), frame["substance"].to_numpy(), frame["matrix"].to_list(),
        frame["micros"].to_numpy(), frame["year"].to_numpy(), frame["value"].to_numpy(),
        (frame["censored"] == "t").to_numpy(),
    )  # fmt: skip


# --- computing rows ---------------------------------------------------------------------------------------------


def _cells(rows: _Rows) -> list[tuple[Any, ...]]:
    """One cell per (site, substance, matrix, year) of ``rows``, with its exact frequency table.

    Whole columns at once: one sort, run boundaries with ``np.diff``; Python touches each cell once, never a result.
    Tuples in the order of :data:`CELL_COLUMNS` (written by :func:`_write_cells`).
    The table equals ``distributions.from_results`` of the cell's results (values ascending, detects, non-detects).
    """
    if not rows.n:
        return []
    order = np.lexsort((rows.value, rows.year, rows.matrix, rows.substance, rows.site))
    site, substance, matrix = rows.site[order], rows.substance[order], rows.matrix[order]
    year, value, censored, micros = rows.year[order], rows.value[order], rows.censored[order], rows.micros[order]
    new_cell = np.concatenate([[True], (np.diff(site) != 0) | (np.diff(substance) != 0) | (np.diff(matrix) != 0)
                               | (np.diff(year) != 0)])  # fmt: skip
    new_value = new_cell | np.concatenate([[True], np.diff(value) != 0])
    cell_start = np.flatnonzero(new_cell)
    value_start = np.flatnonzero(new_value)
    value_cell = np.cumsum(new_cell)[value_start] - 1  # the cell of each distinct value
    detects = np.add.reduceat((~censored).astype(np.int64), value_start)
    limits = np.add.reduceat(censored.astype(np.int64), value_start)
    first = np.minimum.reduceat(micros, cell_start)
    last = np.maximum.reduceat(micros, cell_start)
    bounds = np.searchsorted(value_cell, np.arange(cell_start.size + 1))  # each cell's slice of the values
    v_list, d_list, c_list = value[value_start].tolist(), detects.tolist(), limits.tolist()
    cells = []
    for index, start in enumerate(cell_start.tolist()):
        lo, hi = int(bounds[index]), int(bounds[index + 1])
        d, c, v = d_list[lo:hi], c_list[lo:hi], v_list[lo:hi]
        hit_d = [x for x, k in zip(v, d, strict=True) if k]
        hit_c = [x for x, k in zip(v, c, strict=True) if k]
        cells.append((
            int(site[start]), int(substance[start]), rows.matrices[matrix[start]], int(year[start]), sum(d) + sum(c),
            sum(d), hit_d[-1] if hit_d else None, hit_c[-1] if hit_c else None,
            EPOCH + timedelta(microseconds=int(first[index])), EPOCH + timedelta(microseconds=int(last[index])),
            {"v": v, "d": d, "c": c},
        ))  # fmt: skip
    return cells


CELL_COLUMNS = ("site_id", "substance_id", "matrix", "year", "n", "detected", "max_detected", "max_limit",
                "first_sampled", "last_sampled", "distribution")  # fmt: skip


def _write_cells(cells: list[tuple[Any, ...]]) -> int:
    """Insert cells: COPY on PostgreSQL (ten times faster than ``bulk_create`` at 400,000 cells), else bulk_create."""
    if not cells:
        return 0
    if connection.vendor != "postgresql":
        objects = [SummaryCell(**dict(zip(CELL_COLUMNS, cell, strict=True))) for cell in cells]
        return len(SummaryCell.objects.bulk_create(objects, batch_size=2000))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cell in cells:
        writer.writerow((*cell[:8], cell[8].isoformat(), cell[9].isoformat(), json.dumps(cell[10])))
    table = SummaryCell._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(CELL_COLUMNS)}) FROM STDIN (FORMAT csv)") as copy,
    ):
        copy.write(buffer.getvalue().encode())
    return len(cells)


def _jsonable(value: Any) -> Any:
    """Plain JSON: numpy scalars as Python numbers; NaN and infinities as null (PostgreSQL's jsonb refuses them)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def series_statistics(moments: list[datetime], values: np.ndarray, censored: np.ndarray) -> tuple[dict, dict]:
    """The site page's summary and trend of one series, exactly as ``selectors.site_substances`` computes them."""
    return _jsonable(summary_row(values, censored)), _jsonable(mann_kendall(moments, values, censored))


def _series_job(item: tuple[list[datetime], np.ndarray, np.ndarray]) -> tuple[dict, dict]:
    return series_statistics(*item)


def _series(rows: _Rows, pool: ProcessPoolExecutor | None = None) -> list[SeriesSummary]:
    keys, items = [], []
    for key, part in rows.series():
        keys.append((key, part))
        items.append((rows.moments(part), rows.value[part], rows.censored[part]))
    computed = pool.map(_series_job, items, chunksize=16) if pool is not None else map(_series_job, items)
    out = []
    for ((site, substance, matrix), part), (summary, trend) in zip(keys, computed, strict=True):
        first, last = rows.moments(np.array([part.start, part.stop - 1]))  # sorted by time within a series
        out.append(SeriesSummary(
            site_id=site, substance_id=substance, matrix=matrix, n=part.stop - part.start,
            first_sampled=first, last_sampled=last, summary=summary, trend=trend,
        ))  # fmt: skip
    return out


# --- refreshing keys --------------------------------------------------------------------------------------------


def series_keys(results: Any) -> set[tuple[int, int, str, int]]:
    """The series and local years (site, substance, matrix, year) of a queryset of results: call it before deleting
    them, and hand the keys to :func:`refresh_cells` after."""
    keyed = results.order_by().annotate(local_year=ExtractYear("sampled_at", tzinfo=LOCAL))
    return set(keyed.values_list("site_id", "substance_id", "matrix", "local_year").distinct())


def _by_site(keys: Iterable[tuple[Any, ...]]) -> dict[int, set[int]]:
    """site → the substances to refresh there (every matrix of them: a series is cheap to read)."""
    sites: dict[int, set[int]] = defaultdict(set)
    for key in keys:
        sites[int(key[0])].add(int(key[1]))
    return sites


def _groups(sites: dict[int, set[int]]) -> Iterator[tuple[list[int], list[int]]]:
    """Sites with the same substances together (an import usually brings the same analytes everywhere)."""
    same: dict[frozenset[int], list[int]] = defaultdict(list)
    for site, substances in sites.items():
        same[frozenset(substances)].append(site)
    for substance_set, site_ids in same.items():
        for start in range(0, len(site_ids), SITES_PER_QUERY):
            yield sorted(site_ids[start : start + SITES_PER_QUERY]), sorted(substance_set)


def _delete(model: Any, site_ids: list[int], substance_ids: list[int], years: tuple[int, int] | None = None) -> None:
    rows = model.objects.filter(site_id__in=site_ids, substance_id__in=substance_ids)
    if years is not None:
        rows = rows.filter(year__gte=years[0], year__lte=years[1])
    rows._raw_delete(connection.alias)


def refresh_cells(keys: Iterable[tuple[Any, ...]], *, defer_series: bool | None = None) -> dict[str, int]:
    """Recompute the cells and series rows of ``keys`` from the raw results, in the caller's transaction.

    A key is (site, substance, matrix) or (site, substance, matrix, year); the series of the site and
    substance are recomputed (all matrices). The series rows are deferred to the job when there are more than
    :data:`SYNC_SERIES` (or ``defer_series`` says so): see the module doc. Then, when every key names its year,
    only the cells of the years from the first to the last named are read and rewritten — a quarter's import into
    ten years of history reads that year, not the history. Returns counts.
    """
    keys = list(keys)
    sites = _by_site(keys)
    if not sites:
        return {"cells": 0, "series": 0, "pending": 0}
    if defer_series is None:
        defer_series = sum(len(s) for s in sites.values()) > SYNC_SERIES
    years = None
    if defer_series and all(len(key) > 3 for key in keys):
        named = [int(key[3]) for key in keys]
        years = (min(named), max(named))
    with transaction.atomic():
        lock()  # held already by an import or withdrawal (re-entrant); taken here for any other caller
        counts = _recompute(sites, defer_series=defer_series, years=years)
        if defer_series:
            _enqueue_pending()
    return counts


def _recompute(
    sites: dict[int, set[int]], *, defer_series: bool, years: tuple[int, int] | None = None
) -> dict[str, int]:
    counts = {"cells": 0, "series": 0, "pending": 0}
    cells_changed()
    for site_ids, substance_ids in _groups(sites):
        rows = _read(site_ids, substance_ids, years)
        _delete(SummaryCell, site_ids, substance_ids, years)
        _delete(SeriesSummary, site_ids, substance_ids)
        counts["cells"] += _write_cells(_cells(rows))
        if defer_series:
            counts["pending"] += sum(1 for _ in rows.series())
        else:
            counts["series"] += len(SeriesSummary.objects.bulk_create(_series(rows), batch_size=1000))
    return counts


def _enqueue_pending() -> None:
    from npgov.core.services.jobs import job_enqueue  # the jobs service imports models of many apps
    from npgov.monitoring.tasks import refresh_series_task

    job_enqueue(task=refresh_series_task, name=gettext("Monitoring statistics"), user=None)


def _pending(using: str | None = None, site_ids: Iterable[int] | None = None) -> Any:
    """Series with cells but no series row: waiting for the job (which reads the primary: ``using``)."""
    has_row = SeriesSummary.objects.filter(
        site_id=OuterRef("site_id"), substance_id=OuterRef("substance_id"), matrix=OuterRef("matrix")
    )
    cells = SummaryCell.objects.db_manager(using).all()
    if site_ids is not None:
        cells = cells.filter(site_id__in=list(site_ids))
    return (
        cells.filter(~Exists(has_row))
        .order_by("site_id", "substance_id")
        .values_list("site_id", "substance_id", "matrix")
        .distinct()
    )


def pending_series_count() -> int:
    """How many series wait for their statistics (the pages say so rather than show stale numbers)."""
    return _pending().count()


def refresh_pending_series(progress: Progress | None = None, *, site_ids: Iterable[int] | None = None) -> int:
    """Compute the series rows that are pending (of ``site_ids``, or all), :data:`SERIES_PER_TRANSACTION` at a
    time, each batch under the import lock (so that an import or withdrawal in between cannot leave a stale row).
    Returns the rows written."""
    site_ids = None if site_ids is None else list(site_ids)
    total = _pending(DEFAULT_DB_ALIAS, site_ids).count()
    done = 0
    while True:
        with transaction.atomic():
            lock()
            keys = list(_pending(DEFAULT_DB_ALIAS, site_ids)[:SERIES_PER_TRANSACTION])
            if not keys:
                break
            # cells and series of these sites and substances recomputed: a cell left without results goes too
            written = _recompute(_by_site(keys), defer_series=False)["series"]
            done += written
        if progress:
            progress(done, max(total, done))
        if not written:
            break  # nothing more can be computed (only stale cells were pending)
    return done


# --- rebuilding everything ----------------------------------------------------------------------------------


def rebuild(progress: Progress | None = None, *, workers: int = 1, cells_only: bool = False) -> dict[str, int]:
    """Recompute every cell and series row from the raw results, site by site (bounded memory).

    One transaction under the import lock: pages read the old rows until it commits. ``workers`` > 1
    computes the series statistics in that many processes (the science is pure Python and numpy).
    ``cells_only`` writes the cells and leaves every series pending (minutes instead of an hour at 10 M
    results): :func:`refresh_pending_series` then computes them in short transactions, a site at a time if asked.
    """
    from npgov.monitoring.models import Site

    counts = {"sites": 0, "results": 0, "cells": 0, "series": 0}
    site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True))
    # forked workers only compute (they never touch the inherited database connection)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 and not cells_only else None
    try:
        with transaction.atomic():
            lock()
            cells_changed()
            SummaryCell.objects.all()._raw_delete(connection.alias)
            SeriesSummary.objects.all()._raw_delete(connection.alias)
            for start in range(0, len(site_ids), SITES_PER_QUERY):
                chunk = site_ids[start : start + SITES_PER_QUERY]
                rows = _read(chunk, None)
                counts["results"] += rows.n
                counts["cells"] += _write_cells(_cells(rows))
                if not cells_only:
                    series = _series(rows, pool)
                    counts["series"] += len(SeriesSummary.objects.bulk_create(series, batch_size=1000))
                counts["sites"] += len(chunk)
                if progress:
                    progress(counts["sites"], len(site_ids))
    finally:
        if pool is not None:
            pool.shutdown()
    return counts


# --- checking ---------------------------------------------------------------------------------------------------


def recomputed() -> tuple[dict[tuple[Any, ...], dict[str, Any]], dict[SeriesKey, dict[str, Any]]]:
    """Every cell and series as a recomputation from raw would write them (tests compare with the stored rows)."""
    from npgov.monitoring.models import Site

    cells: dict[tuple[Any, ...], dict[str, Any]] = {}
    series: dict[SeriesKey, dict[str, Any]] = {}
    rows = _read(Site.objects.values_list("pk", flat=True), None)
    # cell by cell with science.distributions (the definition), not the grouped computation of _cells
    for (site, substance, matrix), part in rows.series():
        years, micros = rows.year[part], rows.micros[part]
        for year in np.unique(years).tolist():
            mask = years == year
            table = distributions.from_results(rows.value[part][mask], rows.censored[part][mask])
            first, last = (EPOCH + timedelta(microseconds=int(us)) for us in (micros[mask].min(), micros[mask].max()))
            cell = SummaryCell(n=table.n, detected=table.n_detected, max_detected=table.max_detected,
                               max_limit=table.max_limit, first_sampled=first, last_sampled=last,
                               distribution=table.as_json())  # fmt: skip
            cells[(site, substance, matrix, year)] = _cell_dict(cell)
    for row in _series(rows):
        series[(row.site_id, row.substance_id, row.matrix)] = _series_dict(row)
    return cells, series


def stored() -> tuple[dict[tuple[Any, ...], dict[str, Any]], dict[SeriesKey, dict[str, Any]]]:
    """Every stored cell and series row, read from the primary (a replica may trail it)."""
    cells = {(c.site_id, c.substance_id, c.matrix, c.year): _cell_dict(c)
             for c in SummaryCell.objects.using(DEFAULT_DB_ALIAS)}  # fmt: skip
    series = {(s.site_id, s.substance_id, s.matrix): _series_dict(s)
              for s in SeriesSummary.objects.using(DEFAULT_DB_ALIAS)}  # fmt: skip
    return cells, series


def _cell_dict(cell: SummaryCell) -> dict[str, Any]:
    return {"n": cell.n, "detected": cell.detected, "max_detected": cell.max_detected, "max_limit": cell.max_limit,
            "first": cell.first_sampled, "last": cell.last_sampled, "distribution": cell.distribution}  # fmt: skip


def _series_dict(row: SeriesSummary) -> dict[str, Any]:
    return {"n": row.n, "first": row.first_sampled, "last": row.last_sampled, "summary": row.summary,
            "trend": row.trend}  # fmt: skip


__all__ = [
    "SYNC_SERIES",
    "pending_series_count",
    "rebuild",
    "recomputed",
    "refresh_cells",
    "refresh_pending_series",
    "series_keys",
    "series_statistics",
    "stored",
]
