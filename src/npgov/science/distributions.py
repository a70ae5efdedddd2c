"""Censored value distributions: the exact, mergeable form in which monitoring statistics are maintained.

A set of results (values with a censored flag; a non-detect is its limit) is kept as its frequency table: the
distinct values in ascending order, and per value how many results were detected at it and how many were
non-detects at that limit. Every statistic the pages show — n, detects, detection frequency, the largest detect,
Kaplan–Meier mean, sd and percentiles, robust ROS, the lognormal MLE — depends on the results only through this
table (none depends on their order), so a statistic computed from :func:`expand` of a merged table equals the
statistic of the raw results exactly. Tables of site × substance × matrix × year cells merge into any coarser
group (a district, a site kind, several years) without reading a single raw result again (issue 17).

The JSON form is ``{"v": [values], "d": [detect counts], "c": [non-detect counts]}``; floats round-trip exactly
through JSON (shortest repr).

Django-free (tests/science/test_no_django.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True)
class Distribution:
    """Distinct values ascending (``values``) with detect and non-detect counts per value."""

    values: NDArray[np.float64]
    detects: NDArray[np.int64]
    censored: NDArray[np.int64]

    @property
    def n(self) -> int:
        return int(self.detects.sum() + self.censored.sum())

    @property
    def n_detected(self) -> int:
        return int(self.detects.sum())

    @property
    def max_detected(self) -> float | None:
        hit = np.flatnonzero(self.detects)
        return float(self.values[hit[-1]]) if hit.size else None

    @property
    def max_limit(self) -> float | None:
        hit = np.flatnonzero(self.censored)
        return float(self.values[hit[-1]]) if hit.size else None

    def expand(self) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """(values, censored) arrays with one entry per result, detects first at each value."""
        values = np.concatenate([np.repeat(self.values, self.detects), np.repeat(self.values, self.censored)])
        flags = np.concatenate([np.zeros(self.n_detected, dtype=bool), np.ones(int(self.censored.sum()), dtype=bool)])
        order = np.argsort(values, kind="stable")
        return values[order], flags[order]

    def as_json(self) -> dict[str, list[Any]]:
        return {"v": self.values.tolist(), "d": self.detects.tolist(), "c": self.censored.tolist()}


EMPTY = Distribution(np.empty(0, dtype=float), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def from_results(values: ArrayLike, censored: ArrayLike) -> Distribution:
    """The frequency table of raw results (value; True where the value is a non-detect's limit)."""
    x = np.asarray(values, dtype=float)
    c = np.asarray(censored, dtype=bool)
    if x.shape != c.shape:
        raise ValueError("values and censored must be of the same length")
    if not x.size:
        return EMPTY
    distinct, index = np.unique(x, return_inverse=True)
    detects = np.bincount(index[~c], minlength=distinct.size).astype(np.int64)
    limits = np.bincount(index[c], minlength=distinct.size).astype(np.int64)
    return Distribution(distinct, detects, limits)


def from_json(data: dict[str, Any] | None) -> Distribution:
    if not data or not data.get("v"):
        return EMPTY
    return Distribution(
        np.asarray(data["v"], dtype=float), np.asarray(data["d"], dtype=np.int64), np.asarray(data["c"], dtype=np.int64)
    )


def merge(parts: Iterable[Distribution]) -> Distribution:
    """One table for the union of the results of ``parts``."""
    parts = [p for p in parts if p.values.size]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    values = np.concatenate([p.values for p in parts])
    distinct, index = np.unique(values, return_inverse=True)
    detects = np.bincount(index, weights=np.concatenate([p.detects for p in parts]), minlength=distinct.size)
    limits = np.bincount(index, weights=np.concatenate([p.censored for p in parts]), minlength=distinct.size)
    return Distribution(distinct, detects.astype(np.int64), limits.astype(np.int64))
