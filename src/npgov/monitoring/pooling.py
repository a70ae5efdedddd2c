"""Where monitoring statistics are read from: the maintained cells, or the raw results (issue 17).

Every statistic the pages show is a function of the frequency table of the results it covers
(``science.distributions``). The maintained :class:`SummaryCell` rows hold that table per site × substance × matrix
× local calendar year, so any group of whole years — a site, a district, a site kind, a substance over the network —
is the merge of its cells, and reading it costs one row per cell instead of one per result. A period that cuts a
year (a day-level start or end) cannot be answered from yearly cells: it reads the raw results, with the same
grouping and the same estimators, so that the numbers never depend on which source answered.

A :class:`Source` is either; both models name the grouping columns alike (``site``, ``site__kind``,
``site__district``, ``substance``, ``matrix``), so a selector groups and aggregates without knowing which it reads.
Read only by ``monitoring.selectors``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from npgov.monitoring.choices import Qualifier
from npgov.monitoring.models import Result, SummaryCell
from npgov.science.censored import (
    GroupedValues,
    detection_frequency,
    group_extremes,
    group_values,
    kaplan_meier_groups,
    km_mean_se_groups,
)

CENSORED = (Qualifier.BELOW_LOD.value, Qualifier.BELOW_LOQ.value)


def whole_years(start: date | None, end: date | None) -> tuple[int | None, int | None] | None:
    """(first year, last year) when the period is open or runs from a 1 January to a 31 December; else None.

    Years are local calendar years (Asia/Shanghai), like the cells' and like the day filters on results.
    """
    if start is not None and (start.month, start.day) != (1, 1):
        return None
    if end is not None and (end.month, end.day) != (12, 31):
        return None
    return (start.year if start else None, end.year if end else None)


def visible_cells(user: Any | None) -> QuerySet[SummaryCell]:
    """The cells of the sites ``user`` may read results of (None: every cell — the public network)."""
    cells = SummaryCell.objects.all()
    # The results' own scope (by the site's district): a cell shows no more than its results would.
    return cells if user is None else Result.scope.apply(cells, user, "view")


@dataclass(frozen=True)
class Source:
    """The rows a statistic reads: maintained cells (``cells`` True) or measured raw results."""

    rows: QuerySet[Any]
    cells: bool

    def filter(self, *args: Any, **kwargs: Any) -> Source:
        return Source(self.rows.filter(*args, **kwargs), self.cells)

    # Aggregates with the same meaning over either model (for ``values(...).annotate(...)``).
    def n(self) -> Any:
        return Coalesce(Sum("n"), 0) if self.cells else Count("id")

    def detected(self) -> Any:
        return Coalesce(Sum("detected"), 0) if self.cells else Count("id", filter=Q(qualifier=Qualifier.DETECTED))

    def max_detected(self) -> Any:
        return Max("max_detected") if self.cells else Max("value", filter=Q(qualifier=Qualifier.DETECTED))

    def last(self) -> Any:
        return Max("last_sampled") if self.cells else Max("sampled_at")

    def pooled(self, *fields: str) -> tuple[list[Any], GroupedValues]:
        """The distinct values of ``fields`` (a tuple per row when several) and their results grouped: one query."""
        rows = self.rows.order_by()
        if self.cells:
            return pool_cells(rows.values_list(*fields, "distribution").iterator(chunk_size=2000), len(fields))
        return pool_results(rows.values_list(*fields, "value", "qualifier").iterator(chunk_size=20000), len(fields))


def pool_cells(rows: Iterable[tuple[Any, ...]], width: int) -> tuple[list[Any], GroupedValues]:
    """Rows of (key fields…, distribution JSON) → group keys and their expanded results, sorted by group and value."""
    code_of: dict[Any, int] = {}
    codes: list[int] = []
    values: list[float] = []
    detects: list[int] = []
    limits: list[int] = []
    for row in rows:
        key = row[0] if width == 1 else row[:width]
        data = row[width] or {}
        table = data.get("v") or []
        if not table:
            continue
        code = code_of.setdefault(key, len(code_of))
        codes.extend([code] * len(table))
        values.extend(table)
        detects.extend(data["d"])
        limits.extend(data["c"])
    code_array = np.asarray(codes, dtype=np.int64)
    value_array = np.asarray(values, dtype=float)
    d, c = np.asarray(detects, dtype=np.int64), np.asarray(limits, dtype=np.int64)
    # each distinct value once per result at it: detects uncensored, non-detects censored at their limit
    groups = np.concatenate([np.repeat(code_array, d), np.repeat(code_array, c)])
    expanded = np.concatenate([np.repeat(value_array, d), np.repeat(value_array, c)])
    flags = np.concatenate([np.zeros(int(d.sum()), dtype=bool), np.ones(int(c.sum()), dtype=bool)])
    return list(code_of), group_values(groups, expanded, flags, n_groups=len(code_of))


def pool_results(rows: Iterable[tuple[Any, ...]], width: int) -> tuple[list[Any], GroupedValues]:
    """Rows of (key fields…, value, qualifier) of raw results → the same form as :func:`pool_cells`."""
    code_of: dict[Any, int] = {}
    codes: list[int] = []
    values: list[float] = []
    flags: list[bool] = []
    for row in rows:
        key = row[0] if width == 1 else row[:width]
        codes.append(code_of.setdefault(key, len(code_of)))
        values.append(row[width])
        flags.append(row[width + 1] in CENSORED)
    return list(code_of), group_values(
        np.asarray(codes, dtype=np.int64), np.asarray(values, dtype=float), np.asarray(flags, dtype=bool),
        n_groups=len(code_of),
    )  # fmt: skip


def group_slice(data: GroupedValues, index: int) -> tuple[np.ndarray, np.ndarray]:
    """The (values, censored) arrays of one group."""
    lo, hi = int(data.start[index]), int(data.start[index + 1])
    return data.values[lo:hi], data.censored[lo:hi]


def km_table(keys: list[Any], data: GroupedValues) -> dict[Any, dict[str, Any]]:
    """Per key: results, detects, detection frequency, Kaplan–Meier mean (NADA cenfit) and largest detect.

    All groups at once with the grouped estimators of ``science.censored`` (the numbers of ``summarise``).
    """
    if not keys:
        return {}
    means, _se = km_mean_se_groups(kaplan_meier_groups(data))
    extremes = group_extremes(data)
    out = {}
    for index, key in enumerate(keys):
        n = int(data.n[index])
        detected = int(extremes.detects[index])
        mean = float(means[index])
        top = float(extremes.max_detect[index])
        out[key] = {
            "n": n, "detected": detected, "detection_frequency": detection_frequency(detected, n),
            "km_mean": None if np.isnan(mean) else mean, "max_detected": None if np.isnan(top) else top,
        }  # fmt: skip
    return out


def regroup(keys: list[Any], data: GroupedValues, key_of: Any) -> tuple[list[Any], GroupedValues]:
    """Merge pooled groups into coarser ones: ``key_of(key)`` is the coarser key of a group (e.g. its site kind)."""
    code_of: dict[Any, int] = {}
    codes = np.fromiter((code_of.setdefault(key_of(k), len(code_of)) for k in keys), dtype=np.int64, count=len(keys))
    groups = np.repeat(codes, data.n)
    return list(code_of), group_values(groups, data.values, data.censored, n_groups=len(code_of))
