"""Summary statistics for left-censored environmental data: results below one or more detection limits.

A non-detect is given as its detection limit with ``censored=True``. Three estimators are reported side by
side, because each suits different data (Helsel 2012, ch. 6) and DESIGN.md wants the method shown next to
every number:

* **Kaplan–Meier (KM)**, nonparametric: reproduces ``cenfit()`` of the R package NADA 1.6 (Lee & Helsel) —
  the mean, median, ``sd`` and ``se`` that NADA prints, and NADA's ``quantile()`` for percentiles;
* **robust ROS**: reproduces NADA's ``ros()`` — Hirsch–Stedinger plotting positions in the Helsel–Cohn
  (1988) form, a lognormal line fitted to the detects, non-detects imputed from that line, then the plain
  mean, median and sd of detects plus imputed values;
* **lognormal maximum likelihood**: reproduces EnvStats' ``elnormCensored(method="mle")`` — meanlog, sdlog.

``statsmodels.imputation.ros.impute_ros`` implements the same ROS, but row by row in pandas (≈0.7 s for 10⁴
values) and it silently switches to DL/2 substitution above 80 % censoring or below two detects, which NADA
does not do. The ROS here is a vectorised re-implementation; the tests check it against statsmodels with
substitution disabled. Everything is numpy/scipy: a group of 10⁴ results takes a few milliseconds.

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, TextIO, TypedDict

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

# NADA's default probabilities for quantile() (NADAprobs in R/All.R).
NADA_PROBS = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
# A regression line needs two detects; statsmodels' impute_ros uses the same minimum (min_uncensored=2).
MIN_DETECTS_ROS = 2
# With fewer than two distinct detected values the censored likelihood has no maximum (sdlog → 0).
MIN_DISTINCT_DETECTS_MLE = 2
# NADA's ros() warns above this censored fraction ("Results are tenuous").
ROS_TENUOUS_FRACTION = 0.8
# Largest Newton step in (μ, ln σ) for the MLE: far from the maximum a full step can overshoot wildly.
_MAX_NEWTON_STEP = 2.0
# Relative tolerance of R's all.equal(), which NADA's stepfind() uses to compare probabilities.
_R_ALL_EQUAL_TOL = 1.5e-8

METHODS = {
    "km": "Kaplan–Meier, as NADA cenfit(): sd = se × √n, se with the n_detects/(n_detects − 1) correction",
    "ros": "robust ROS, as NADA ros(): Helsel–Cohn plotting positions, lognormal fit to detects, imputed non-detects",
    "mle_lognormal": "maximum likelihood for a censored lognormal, as EnvStats elnormCensored(method='mle')",
    "percentiles": "Kaplan–Meier percentiles, as NADA quantile() on a cenfit",
}

FloatOrNone = float | None


class KMStats(TypedDict):
    mean: FloatOrNone
    median: FloatOrNone
    sd: FloatOrNone
    se: FloatOrNone


class ROSStats(TypedDict):
    mean: FloatOrNone
    median: FloatOrNone
    sd: FloatOrNone


class MLEStats(TypedDict):
    meanlog: FloatOrNone
    sdlog: FloatOrNone


class Summary(TypedDict):
    n: int
    n_censored: int
    detection_frequency: FloatOrNone
    km: KMStats
    ros: ROSStats
    mle_lognormal: MLEStats
    percentiles: dict[str, FloatOrNone]
    methods: dict[str, str]
    notes: dict[str, str]  # "km.mean" → why it is None or what to keep in mind when reading it


class GroupedSummary(TypedDict):
    overall: Summary
    groups: dict[str, Summary]


class CensoredRow(NamedTuple):
    line: int  # line number in the source file, the header being line 1
    value: float  # the result, or the detection limit of a non-detect
    censored: bool
    group: str | None  # None when the file has no group column


# --- input ---------------------------------------------------------------------------------------------


def _arrays(values: ArrayLike, censored: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    x = np.asarray(values, dtype=float)
    flags = np.asarray(censored)
    if x.ndim != 1 or flags.ndim != 1 or x.shape != flags.shape:
        raise ValueError("values and censored must be one-dimensional and of the same length")
    if flags.size and not (flags.dtype.kind in "bui" or (flags.dtype.kind == "f" and np.isin(flags, (0, 1)).all())):
        # np.asarray(["false"], dtype=bool) is True: refuse strings rather than misread them.
        raise ValueError("censored flags must be booleans (or 0/1)")
    c = flags.astype(bool)
    if not np.isfinite(x).all():
        raise ValueError("values must be finite numbers")
    if (x < 0).any():
        raise ValueError("values must not be negative")
    if (x[c] <= 0).any():
        raise ValueError("a non-detect needs a positive detection limit")
    return x, c


# --- Kaplan–Meier ----------------------------------------------------------------------------------------


class KaplanMeier(NamedTuple):
    """The KM estimate of the distribution of left-censored data, in the terms NADA's cenfit() uses.

    NADA flips the data (max − x) so that R's ``survfit`` sees right-censored survival times; ``below`` is
    survfit's ``surv`` at each detected value after flipping back, i.e. the KM estimate of P(X < time).
    """

    n: int
    times: NDArray[np.float64]  # distinct detected values, largest first
    events: NDArray[np.int64]  # detects at each value
    at_risk: NDArray[np.int64]  # observations (detects and non-detects) ≤ each value
    below: NDArray[np.float64]  # KM P(X < value)
    top: float  # survfit's largest `surv`: 1 when a non-detect lies above every detect, else below[0]


def kaplan_meier(values: ArrayLike, censored: ArrayLike) -> KaplanMeier | None:
    """The KM curve of left-censored data; None when nothing was detected (the curve is then undefined).

    A non-detect "<DL" is at risk at every detected value ≥ DL, the same tie rule survfit applies after
    NADA's flip (a censored time equal to an event time is still at risk at it). One group of
    :func:`kaplan_meier_groups`, which holds the computation.
    """
    x, c = _arrays(values, censored)
    curves = kaplan_meier_groups(group_values(np.zeros(x.size, dtype=np.int64), x, c, n_groups=1))
    if curves.times.size == 0:
        return None
    return KaplanMeier(int(x.size), curves.times, curves.events, curves.at_risk, curves.below, float(curves.top[0]))


def km_mean_se(km: KaplanMeier) -> tuple[float, FloatOrNone]:
    """NADA's ``mean(cenfit)``: the area under the KM curve and its standard error.

    Transcribes NADA 1.6 ``.mean.cenfit`` (R/km.R): the area is summed over the detected values only, so
    when the smallest observation is censored the KM probability below the smallest detect is put *at*
    that detect — the mean is then biased high. The variance is survival's Greenwood-type ``hh`` sum times
    n_detects / (n_detects − 1); with a single detect the se is undefined (None). See :func:`km_mean_se_groups`.
    """
    mean, se = km_mean_se_groups(_one_curve(km))
    return float(mean[0]), None if math.isnan(se[0]) else float(se[0])


def km_quantile(km: KaplanMeier, p: float) -> FloatOrNone:
    """NADA's ``quantile(cenfit, p)``: the smallest detected value whose KM P(X ≤ value) reaches p.

    Transcribes NADA's ``stepfind(surv, time, p, right=FALSE)``, including where it answers NA (None here):
    when p lies at or below the KM probability under the smallest detect (the percentile is somewhere among
    the non-detects) and when p is at or above the probability just under the largest value (for 20 detects
    and no non-detect above them, P95 and higher). See :func:`km_quantile_groups`.
    """
    value = km_quantile_groups(_one_curve(km), p)[0]
    return None if math.isnan(value) else float(value)


def _one_curve(km: KaplanMeier) -> KMCurves:
    offsets = np.array([0, km.times.size], dtype=np.int64)
    return KMCurves(offsets, km.times, km.events, km.at_risk, km.below, np.array([km.top]))


# --- Kaplan–Meier of many groups at once -------------------------------------------------------------------
# The single-series functions above are one group of these. A screening run summarises ~10⁵ site × substance
# series of ~10² results each: per-series numpy calls would cost seconds of interpreter overhead, so the groups
# are sorted together once and every step below works on all of them with whole-array operations.


class GroupedValues(NamedTuple):
    """Left-censored values of many groups, sorted by group and then value: group g is ``[start[g], start[g+1])``."""

    values: NDArray[np.float64]
    censored: NDArray[np.bool_]
    start: NDArray[np.int64]  # length n_groups + 1

    @property
    def n(self) -> NDArray[np.int64]:
        return np.diff(self.start)


class KMCurves(NamedTuple):
    """KM curves of many groups (as :class:`KaplanMeier`), concatenated: group g's detected values are
    ``[offsets[g], offsets[g+1])``, largest first; a group without detects has none (its curve is undefined)."""

    offsets: NDArray[np.int64]
    times: NDArray[np.float64]
    events: NDArray[np.int64]
    at_risk: NDArray[np.int64]
    below: NDArray[np.float64]
    top: NDArray[np.float64]  # per group; NaN without detects


class GroupExtremes(NamedTuple):
    """Per group: detects, the largest detect and the smallest non-detect limit (NaN when none), the largest value."""

    detects: NDArray[np.int64]
    max_detect: NDArray[np.float64]
    min_censored: NDArray[np.float64]
    max_value: NDArray[np.float64]


def group_values(
    groups: ArrayLike, values: ArrayLike, censored: ArrayLike, n_groups: int | None = None
) -> GroupedValues:
    """Sort values by group (integer codes 0 … n_groups − 1) and value, for the ``*_groups`` functions.

    One sort of an integer key (group, rank of the value, censored flag) — the value's rank comes from a hash
    factorisation — instead of a lexicographic argsort, which is several times slower on 10⁷ values.
    """
    x, c = _arrays(values, censored)
    g = np.asarray(groups, dtype=np.int64)
    if g.shape != x.shape:
        raise ValueError("groups and values must be of the same length")
    count = int(g.max()) + 1 if n_groups is None and g.size else int(n_groups or 0)
    if g.size and (g.min() < 0 or g.max() >= count):
        raise ValueError("group codes must lie in 0 … n_groups − 1")
    codes, distinct = pd.factorize(x)
    size = max(distinct.size, 1)
    if count * size < 2**61:
        order = np.argsort(distinct)
        rank = np.empty(distinct.size, dtype=np.int64)
        rank[order] = np.arange(distinct.size)
        key = np.sort(((g * size + rank[codes]) << 1) | c)
        c = (key & 1).astype(bool)
        key >>= 1
        g, x = key // size, distinct[order][key % size]
    else:  # too many groups × distinct values for one 64-bit key
        order = np.lexsort((x, g))
        g, x, c = g[order], x[order], c[order]
    start = np.searchsorted(g, np.arange(count + 1), side="left").astype(np.int64)
    return GroupedValues(np.ascontiguousarray(x, dtype=float), c, start)


def group_extremes(data: GroupedValues) -> GroupExtremes:
    """Detects, largest detect, smallest non-detect and largest value of each group (NaN for none)."""
    x, c, start = data
    lengths = np.diff(start)
    group = np.repeat(np.arange(lengths.size), lengths)
    detects = np.bincount(group[~c], minlength=lengths.size).astype(np.int64)
    last = np.where(lengths > 0, start[1:] - 1, -1)
    # values ascend within a group: its last detect is the largest, its first non-detect the smallest limit
    return GroupExtremes(detects, _take(x, _last_index(~c, start)), _take(x, _first_index(c, start)), _take(x, last))


def _take(x: NDArray[np.float64], index: NDArray[np.int64]) -> NDArray[np.float64]:
    out = np.full(index.size, np.nan)
    out[index >= 0] = x[index[index >= 0]]
    return out


def _last_index(mask: NDArray[np.bool_], start: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per group, the index of its last True element, or −1."""
    if mask.size == 0:
        return np.full(start.size - 1, -1, dtype=np.int64)
    running = np.maximum.accumulate(np.where(mask, np.arange(mask.size), -1))
    last = running[np.maximum(start[1:] - 1, 0)]
    return np.where((last >= start[:-1]) & (start[1:] > start[:-1]), last, -1).astype(np.int64)


def _first_index(mask: NDArray[np.bool_], start: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per group, the index of its first True element, or −1."""
    n = mask.size
    if n == 0:
        return np.full(start.size - 1, -1, dtype=np.int64)
    following = np.minimum.accumulate(np.where(mask, np.arange(n), n)[::-1])[::-1]
    first = np.append(following, n)[start[:-1]]
    return np.where(first < start[1:], first, -1).astype(np.int64)


def kaplan_meier_groups(data: GroupedValues) -> KMCurves:
    """The KM curve of every group, as :func:`kaplan_meier` defines it (the same tie rule and probabilities)."""
    x, c, start = data
    n_groups = start.size - 1
    if x.size == 0:
        none = np.zeros(0, dtype=np.int64)
        return KMCurves(
            np.zeros(n_groups + 1, np.int64), np.zeros(0), none, none, np.zeros(0), np.full(n_groups, np.nan)
        )
    group = np.repeat(np.arange(n_groups), np.diff(start))
    new_run = np.ones(x.size, dtype=bool)  # a run: equal values of one group
    new_run[1:] = (group[1:] != group[:-1]) | (x[1:] != x[:-1])
    run_start = np.flatnonzero(new_run)
    run_end = np.append(run_start[1:], x.size)
    detects = np.add.reduceat((~c).astype(np.int64), run_start)
    point = detects > 0  # the KM curve steps at the detected values
    point_group = group[run_start[point]]
    offsets = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(point_group, minlength=n_groups), out=offsets[1:])
    # within each group, largest value first: the order survfit sees after NADA's flip
    flip = offsets[point_group] + offsets[point_group + 1] - 1 - np.arange(point_group.size)
    times = np.empty(point_group.size)
    events, at_risk = np.empty(point_group.size, np.int64), np.empty(point_group.size, np.int64)
    times[flip] = x[run_start[point]]
    events[flip] = detects[point]
    at_risk[flip] = run_end[point] - start[point_group]  # observations ≤ the value, detects and non-detects
    below = _segmented_accumulate(np.multiply, 1.0 - events / at_risk, offsets)
    top = np.full(n_groups, np.nan)
    has = np.diff(offsets) > 0
    first = offsets[:-1][has]
    largest = x[start[1:][has] - 1]  # a non-detect above every detect puts survfit's top at 1
    top[has] = np.where(largest > times[first], 1.0, below[first])
    return KMCurves(offsets, times, events, at_risk, below, top)


_LOOP_LENGTH = 256  # groups longer than this are accumulated one by one, shorter ones position by position


def _segmented_accumulate(
    op: np.ufunc, values: NDArray[np.float64], offsets: NDArray[np.int64], reverse: bool = False
) -> NDArray[np.float64]:
    """``op.accumulate`` within each segment ``[offsets[g], offsets[g+1])`` (from its end when ``reverse``).

    The same sequential order as ``op.accumulate`` on each segment, so the results are those of a per-group
    ``np.cumprod`` / ``np.cumsum`` bit for bit; vectorised across segments, position by position.
    """
    out = np.array(values, copy=True)
    lengths = np.diff(offsets)
    for g in np.flatnonzero(lengths > _LOOP_LENGTH):
        segment = slice(offsets[g], offsets[g + 1])
        out[segment] = op.accumulate(out[segment][::-1])[::-1] if reverse else op.accumulate(out[segment])
    short = np.flatnonzero((lengths > 1) & (lengths <= _LOOP_LENGTH))
    short = short[np.argsort(-lengths[short], kind="stable")]  # longest first: the active ones are a prefix
    short_lengths = lengths[short]
    anchors = offsets[short + 1] - 1 if reverse else offsets[short]
    step = -1 if reverse else 1
    for k in range(1, int(short_lengths.max()) if short.size else 1):
        active = int(np.searchsorted(-short_lengths, -k, side="left"))
        index = anchors[:active] + step * k
        out[index] = op(out[index - step], out[index])
    return out


def km_mean_se_groups(curves: KMCurves) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """NADA's ``mean(cenfit)`` and its se for every group (see :func:`km_mean_se`); NaN where undefined."""
    offsets, t, d, r, s, _top = curves
    n_groups = offsets.size - 1
    point_group = np.repeat(np.arange(n_groups), np.diff(offsets))
    first = np.zeros(t.size, dtype=bool)
    first[offsets[:-1][np.diff(offsets) > 0]] = True
    terms = np.empty(t.size)
    terms[first] = t[first]
    rest = np.flatnonzero(~first)
    terms[rest] = (t[rest] - t[rest - 1]) * s[rest - 1]
    tails = _segmented_accumulate(np.add, terms, offsets, reverse=True)  # Σ of the terms from each point on
    mean = np.full(n_groups, np.nan)
    has = np.diff(offsets) > 0
    mean[has] = tails[offsets[:-1][has]]
    last = np.zeros(t.size, dtype=bool)
    last[offsets[1:][has] - 1] = True
    rf, df = r.astype(float), d.astype(float)
    hh = np.divide(df, rf * (rf - df), out=np.zeros_like(df), where=((rf - df) > 0) & ~last)
    following = np.append(tails[1:], 0.0)  # the tail after each point (unused at a group's last point: hh = 0)
    variance = np.bincount(point_group, weights=np.where(last, 0.0, following**2 * hh), minlength=n_groups)
    n_detects = np.bincount(point_group, weights=d, minlength=n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(n_detects >= 2, np.sqrt(variance * n_detects / (n_detects - 1)), np.nan)
    return mean, se


def km_quantile_groups(curves: KMCurves, p: float) -> NDArray[np.float64]:
    """NADA's ``quantile(cenfit, p)`` for every group (see :func:`km_quantile`); NaN where NADA answers NA."""
    offsets, t, _d, _r, s, top = curves
    n_groups = offsets.size - 1
    lengths = np.diff(offsets)
    point_group = np.repeat(np.arange(n_groups), lengths)
    reached = (s > p) | np.isclose(s, p, rtol=_R_ALL_EQUAL_TOL, atol=0.0)
    j = np.bincount(point_group, weights=reached, minlength=n_groups).astype(np.int64)
    has = lengths > 0
    smallest = np.full(n_groups, np.nan)
    smallest[has] = s[offsets[1:][has] - 1]
    defined = has & ~(p >= top) & ~(p <= smallest) & (j < lengths)
    out = np.full(n_groups, np.nan)
    out[defined] = t[offsets[:-1][defined] + j[defined]]
    return out


def _km_stats(km: KaplanMeier | None, notes: dict[str, str]) -> tuple[KMStats, dict[str, FloatOrNone]]:
    percentile_keys = [f"p{round(p * 100)}" for p in NADA_PROBS]
    if km is None:
        notes["km"] = "no detected values: the Kaplan–Meier curve is undefined"
        return KMStats(mean=None, median=None, sd=None, se=None), dict.fromkeys(percentile_keys)
    mean, se = km_mean_se(km)
    if km.below[-1] > 0:
        notes["km.mean"] = (
            f"the smallest value is a non-detect: as in NADA, the estimated {km.below[-1]:.1%} below the smallest "
            f"detect ({km.times[-1]:g}) is placed at that detect, so the mean is biased high"
        )
    if se is None:
        notes["km.se"] = "a single detect: NADA's se (and sd) divide by n_detects − 1"
    percentiles = {key: km_quantile(km, p) for key, p in zip(percentile_keys, NADA_PROBS, strict=True)}
    median = percentiles["p50"]
    if median is None:
        notes["km.median"] = "the median lies among the non-detects or in the top step of the KM curve (NADA: NA)"
    sd = None if se is None else se * math.sqrt(km.n)
    return KMStats(mean=mean, median=median, sd=sd, se=se), percentiles


# --- robust ROS ------------------------------------------------------------------------------------------


def _ppoints(n: int) -> NDArray[np.float64]:
    """R's ``ppoints(n)``: what NADA's hc.ppoints() returns when nothing is censored."""
    a = 3 / 8 if n <= 10 else 0.5
    return (np.arange(1, n + 1, dtype=np.float64) - a) / (n + 1 - 2 * a)


def hc_plotting_positions(values: ArrayLike, censored: ArrayLike) -> NDArray[np.float64]:
    """Hirsch–Stedinger plotting positions of multiply left-censored data, as NADA's ``hc.ppoints()``.

    Returned in the input order. With detection limits DL_j (plus 0 when some detect lies below the lowest
    limit): A_j = detects in [DL_j, DL_j+1), B_j = observations below DL_j (non-detects ≤ DL_j and detects
    < DL_j), C_j = non-detects at DL_j, and P_j = P_j+1 + A_j/(A_j + B_j) · (1 − P_j+1) the probability of
    exceeding DL_j. The r-th detect of interval j gets (1 − P_j) + (P_j − P_j+1)·r/(A_j + 1); the r-th
    non-detect at DL_j gets (1 − P_j)·r/(C_j + 1).

    B_j follows Helsel & Cohn (1988), statsmodels and NADA2 2.x: NADA 1.6's cohn() also counts a detect
    *equal* to DL_j as below it (the only case where the two differ).
    """
    x, c = _arrays(values, censored)
    positions = np.empty(x.size)
    if not c.any():
        positions[np.argsort(x, kind="stable")] = _ppoints(x.size)
        return positions
    detects, nondetects = x[~c], x[c]
    limits = np.unique(nondetects)
    if (detects < limits[0]).any():
        limits = np.concatenate(([0.0], limits))
    det_bin = np.searchsorted(limits, detects, side="right") - 1
    cen_bin = np.searchsorted(limits, nondetects, side="left")
    a = np.bincount(det_bin, minlength=limits.size)
    cc = np.bincount(cen_bin, minlength=limits.size)
    b = np.cumsum(cc) + np.searchsorted(np.sort(detects), limits, side="left")
    exceed = np.zeros(limits.size + 1)
    for k in range(limits.size - 1, -1, -1):  # one step per detection limit: few
        exceed[k] = exceed[k + 1] + a[k] / (a[k] + b[k]) * (1.0 - exceed[k + 1])
    j, r = det_bin, _rank_fraction(detects, det_bin, a)
    positions[~c] = (1 - exceed[j]) + (exceed[j] - exceed[j + 1]) * r
    positions[c] = (1 - exceed[cen_bin]) * _rank_fraction(nondetects, cen_bin, cc)
    return positions


def _rank_fraction(v: NDArray[np.float64], bins: NDArray[np.intp], counts: NDArray[np.intp]) -> NDArray[np.float64]:
    """r / (count + 1), r being each value's 1-based rank inside its bin (ties in input order), as NADA's loops."""
    order = np.argsort(v, kind="stable")
    sorted_bins = bins[order]
    rank = np.arange(v.size) - (np.cumsum(counts) - counts)[sorted_bins] + 1
    out = np.empty(v.size)
    out[order] = rank / (counts[sorted_bins] + 1)
    return out


def ros_impute(
    values: ArrayLike, censored: ArrayLike, notes: dict[str, str] | None = None
) -> NDArray[np.float64] | None:
    """NADA's ``ros()$modeled``: the detects as reported and the non-detects imputed from the lognormal line.

    As NADA does, non-detects above the largest detect are dropped first (they carry no information for the
    line), so the result holds the remaining values in input order. None when fewer than two detects or a
    zero detect (the line is fitted to logarithms).
    """
    notes = {} if notes is None else notes
    x, c = _arrays(values, censored)
    detects = x[~c]
    if detects.size < MIN_DETECTS_ROS:
        notes["ros"] = f"fewer than {MIN_DETECTS_ROS} detects: no regression line can be fitted"
        return None
    if (detects <= 0).any():
        notes["ros"] = "a detected value is zero: the lognormal regression needs positive values"
        return None
    if c.mean() > ROS_TENUOUS_FRACTION:
        notes["ros.tenuous"] = "more than 80 % non-detects: NADA calls ROS results tenuous"
    dropped: NDArray[np.bool_] = c & (x > detects.max())
    if dropped.any():
        notes["ros.dropped"] = f"{int(dropped.sum())} non-detect(s) above the largest detect dropped, as NADA does"
    x, c = x[~dropped], c[~dropped]
    modeled = x.copy()
    if c.any():
        z = special.ndtri(hc_plotting_positions(x, c))
        zd, yd = z[~c], np.log(x[~c])
        slope = np.sum((zd - zd.mean()) * (yd - yd.mean())) / np.sum((zd - zd.mean()) ** 2)
        modeled[c] = np.exp(yd.mean() + slope * (z[c] - zd.mean()))  # least squares of ln(detect) on z
    return modeled


def ros(values: ArrayLike, censored: ArrayLike, notes: dict[str, str] | None = None) -> ROSStats:
    """NADA's ``print(ros())``: mean, median and sd (n − 1) of :func:`ros_impute`'s values."""
    modeled = ros_impute(values, censored, notes)
    if modeled is None:
        return ROSStats(mean=None, median=None, sd=None)
    sd = float(modeled.std(ddof=1)) if modeled.size > 1 else None
    return ROSStats(mean=float(modeled.mean()), median=float(np.median(modeled)), sd=sd)


# --- lognormal maximum likelihood --------------------------------------------------------------------------


def mle_lognormal(values: ArrayLike, censored: ArrayLike, notes: dict[str, str] | None = None) -> MLEStats:
    """EnvStats ``elnormCensored(method="mle")``: meanlog and sdlog of a lognormal fitted to censored data.

    Maximises Σ_detects log φ((ln x − μ)/σ) − n_d·ln σ + Σ_non-detects ln Φ((ln DL − μ)/σ) over (μ, ln σ).
    Detects enter through their sum of squares and non-detects grouped by limit, so an iteration costs
    the same for 30 or 30,000 results; Newton's method with the analytic Hessian converges in a handful of
    iterations (a page summarises many groups), with BFGS as the fallback. Without non-detects it is the
    closed form (mean and n-denominator sd of the logs). None with fewer than two distinct detects (no
    maximum: sdlog → 0) or a zero detect.
    """
    notes = {} if notes is None else notes
    x, c = _arrays(values, censored)
    detects = x[~c]
    empty = MLEStats(meanlog=None, sdlog=None)
    if np.unique(detects).size < MIN_DISTINCT_DETECTS_MLE:
        notes["mle_lognormal"] = "fewer than two distinct detected values: the likelihood has no maximum"
        return empty
    if (detects <= 0).any():
        notes["mle_lognormal"] = "a detected value is zero: a lognormal cannot fit it"
        return empty
    y = np.log(detects)
    if not c.any():
        return MLEStats(meanlog=float(y.mean()), sdlog=float(y.std(ddof=0)))
    limits, counts = np.unique(np.log(x[c]), return_counts=True)
    loglik = _CensoredNormalLoglik(y, limits, counts.astype(float))
    start = np.array([np.log(x).mean(), math.log(y.std(ddof=1))])  # logs of detects and limits; sd of detects
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # trial steps may leave the domain
        theta = loglik.newton(start)
        if theta is None:
            fit = optimize.minimize(
                lambda t: tuple(-v for v in loglik(t, hessian=False)[:2]), x0=start,
                jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 1000},
            )  # fmt: skip
            converged = np.isfinite(fit.x).all() and np.abs(fit.jac).max() < 1e-6 * (1 + x.size)
            theta = fit.x if converged else None
    if theta is None:
        notes["mle_lognormal"] = "the likelihood maximisation did not converge"
        return empty
    return MLEStats(meanlog=float(theta[0]), sdlog=math.exp(float(theta[1])))


class _CensoredNormalLoglik:
    """Log-likelihood of normal data (the logs) with left-censored values, in θ = (μ, ln σ), up to a constant."""

    def __init__(self, y: NDArray[np.float64], limits: NDArray[np.float64], weights: NDArray[np.float64]) -> None:
        self.n, self.y, self.limits, self.w = y.size, y, limits, weights

    def __call__(
        self, theta: NDArray[np.float64], hessian: bool = True
    ) -> tuple[float, NDArray[np.float64], NDArray[np.float64] | None]:
        mu, log_sigma = float(theta[0]), float(theta[1])
        if not (math.isfinite(mu) and -300 < log_sigma < 300):
            return -math.inf, np.full(2, np.nan), None
        sigma2 = math.exp(2 * log_sigma)
        r = self.y - mu
        s1, q = float(r.sum()), float(r @ r)
        z = (self.limits - mu) * math.exp(-log_sigma)
        log_cdf = special.log_ndtr(z)
        lam = np.exp(-0.5 * z**2 - 0.5 * math.log(2 * math.pi) - log_cdf)  # φ(z)/Φ(z), stable in the tail
        w = self.w
        value = -self.n * log_sigma - q / (2 * sigma2) + float(w @ log_cdf)
        sigma = math.sqrt(sigma2)
        grad = np.array([s1 / sigma2 - float(w @ lam) / sigma, -self.n + q / sigma2 - float(w @ (lam * z))])
        if not hessian:
            return value, grad, None
        dlam = -lam * (z + lam)  # d/dz of φ(z)/Φ(z)
        h_mm = -self.n / sigma2 + float(w @ dlam) / sigma2
        h_ms = -2 * s1 / sigma2 + float(w @ (dlam * z + lam)) / sigma
        h_ss = -2 * q / sigma2 + float(w @ (dlam * z**2 + lam * z))
        return value, grad, np.array([[h_mm, h_ms], [h_ms, h_ss]])

    def newton(self, theta: NDArray[np.float64], max_iter: int = 100) -> NDArray[np.float64] | None:
        """Damped Newton ascent; None when it does not converge (the caller falls back to BFGS)."""
        value, grad, hess = self(theta)
        tolerance = 1e-10 * (1 + self.n + float(self.w.sum()))  # the gradient is a sum over all results
        for _ in range(max_iter):
            if np.abs(grad).max() < tolerance:
                return theta
            assert hess is not None
            top = float(np.linalg.eigvalsh(hess).max())
            if top >= 0:  # not concave here (far from the maximum): shift to an ascent direction
                hess = hess - (top + max(1.0, abs(float(np.trace(hess))))) * np.eye(2)
            step = np.linalg.solve(hess, -grad)
            step *= min(1.0, _MAX_NEWTON_STEP / float(np.abs(step).max()))
            for _ in range(50):  # halve the step until the likelihood does not decrease
                candidate = theta + step
                new_value, new_grad, new_hess = self(candidate)
                if np.isfinite(new_value) and np.isfinite(new_grad).all() and new_value >= value - 1e-12 * abs(value):
                    break
                step = step / 2
            else:
                return None
            theta, value, grad, hess = candidate, new_value, new_grad, new_hess
        return None


# --- summaries -------------------------------------------------------------------------------------------


def detection_frequency(detects: int, n: int) -> float | None:
    """Detects / results; a non-detect at any limit counts as not detected. None when there is no result."""
    return detects / n if n else None


def summarise(values: ArrayLike, censored: ArrayLike) -> Summary:
    """All statistics of one set of results; a censored value is its detection limit.

    The keys n, n_censored, detection_frequency, km{mean, median, sd, se}, ros{mean, median, sd} and
    mle_lognormal{meanlog, sdlog} are always present; a value is None when the method cannot estimate it
    for these data, and ``notes`` says why (and flags estimates to read with care).
    """
    x, c = _arrays(values, censored)
    notes: dict[str, str] = {}
    n, n_censored = int(x.size), int(c.sum())
    if n == 0:
        notes["all"] = "no values"
    km_stats, percentiles = _km_stats(kaplan_meier(x, c) if n else None, notes)
    return Summary(
        n=n,
        n_censored=n_censored,
        detection_frequency=detection_frequency(n - n_censored, n),
        km=km_stats,
        ros=ros(x, c, notes),
        mle_lognormal=mle_lognormal(x, c, notes),
        percentiles=percentiles,
        methods=dict(METHODS),
        notes=notes,
    )


def summarise_groups(rows: Iterable[tuple[float, bool, str | None] | CensoredRow]) -> GroupedSummary:
    """Summaries of all rows and of each group, groups in order of first appearance.

    A row is (value, censored, group), or a :class:`CensoredRow`. ``groups`` is empty when no row has a
    group (the CSV had no group column).
    """
    values: list[float] = []
    flags: list[bool] = []
    members: dict[str, list[int]] = {}
    for row in rows:
        value, flag, group = (row.value, row.censored, row.group) if isinstance(row, CensoredRow) else row
        if group is not None:
            members.setdefault(group, []).append(len(values))
        values.append(value)
        flags.append(flag)
    x, c = np.asarray(values, dtype=float), np.asarray(flags, dtype=bool)
    groups = {name: summarise(x[idx], c[idx]) for name, idx in members.items()}
    return GroupedSummary(overall=summarise(x, c), groups=groups)


# --- CSV -------------------------------------------------------------------------------------------------

_FLAGS = {"true": True, "t": True, "yes": True, "1": True, "false": False, "f": False, "no": False, "0": False}


def read_censored_csv(source: str | os.PathLike[str] | TextIO) -> list[CensoredRow]:
    """Rows of a CSV with columns ``value``, ``censored`` and optionally ``group`` (any order, any case).

    ``censored`` is true/false, t/f, yes/no or 1/0 (any case). A file path is read as UTF-8 (with or without
    BOM) or else GB18030, as every NPGov import. Raises ValueError naming the row (the header is row 1) and
    the column for a missing column, a non-numeric or negative value, an unknown flag or a non-detect with
    a zero limit, and when the file has no data rows.
    """
    reader = csv.reader(_open_text(source) if isinstance(source, str | os.PathLike) else source)
    header = [h.strip().lower() for h in next(reader, [])]
    for column in ("value", "censored"):
        if column not in header:
            raise ValueError(f"row 1, column {column!r}: missing from the header")
    i_value, i_flag = header.index("value"), header.index("censored")
    i_group = header.index("group") if "group" in header else None
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(_parse_row(reader.line_num, cells, i_value, i_flag, i_group))
    if not rows:
        raise ValueError("row 2: the file has no data rows")
    return rows


def _open_text(path: str | os.PathLike[str]) -> TextIO:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return io.StringIO(text, newline="")


def _cell(cells: Sequence[str], index: int, line: int, column: str) -> str:
    text = cells[index].strip() if index < len(cells) else ""
    if not text:
        raise ValueError(f"row {line}, column {column!r}: empty")
    return text


def _parse_row(line: int, cells: Sequence[str], i_value: int, i_flag: int, i_group: int | None) -> CensoredRow:
    text = _cell(cells, i_value, line, "value")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"row {line}, column 'value': not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"row {line}, column 'value': not a finite number: {text!r}")
    if value < 0:
        raise ValueError(f"row {line}, column 'value': negative: {text!r}")
    flag_text = _cell(cells, i_flag, line, "censored")
    flag = _FLAGS.get(flag_text.lower())
    if flag is None:
        raise ValueError(f"row {line}, column 'censored': not true/false, yes/no, t/f or 1/0: {flag_text!r}")
    if flag and value == 0:
        raise ValueError(f"row {line}, column 'value': a non-detect needs a positive detection limit")
    group = None if i_group is None else _cell(cells, i_group, line, "group")
    return CensoredRow(line, value, flag, group)


def summarise_csv(source: str | os.PathLike[str] | TextIO) -> GroupedSummary:
    """:func:`summarise_groups` over :func:`read_censored_csv` — what ``npgov stats censored`` prints."""
    return summarise_groups(read_censored_csv(source))
