"""Mann–Kendall trend test and Sen's slope for a monitoring series that may contain non-detects.

The test statistics come from ``pymannkendall`` (``original_test``, or ``seasonal_test`` — the Hirsch–Slack
seasonal Kendall test — when a ``period`` is given). Sampling dates are real dates, not an index, so:

* times become decimal years (year + elapsed fraction of that calendar year) and the series is ordered by
  them; results sharing a timestamp are merged into their median, so that a pair taken at the same moment
  never counts as a change over time;
* Sen's slope of the plain test is the median of Δvalue/Δtime over all pairs, per year (pymannkendall's own
  slope assumes equally spaced samples: per index step);
* the seasonal test puts each result into a (year, season) cell — a season is a block of 12/period months —
  takes the median per cell (Hirsch et al. 1982 use one value per season and year), and leaves empty cells
  missing; its Sen slope is then per year.

Non-detects (Helsel 2012, the simple approach for Kendall-type tests with several reporting limits): every
value below the highest detection limit — non-detects and detects alike — is re-censored as "< highest DL".
They all tie with each other and rank below every result at or above that limit, which is all S, tau, z and
p use. Sen's slope and intercept need numbers: the re-censored values count as half the highest DL, so with
many of them the slope is indicative only (``n_recensored`` says how many).

Kendall's S and Sen's slope compare every pair of points (pymannkendall too): time and memory grow with n²,
comfortable for a site × substance series of a few thousand results, not for 10⁵.

Django-free (tests/science/test_no_django.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, SupportsFloat, TypedDict

import numpy as np
import pymannkendall as pmk
from numpy.typing import ArrayLike, NDArray

MIN_POINTS = 4  # below this the normal approximation of S is meaningless
SEASONAL_PERIODS = (2, 3, 4, 6, 12)  # seasons per year that divide the calendar months evenly


class TrendResult(TypedDict):
    method: str
    n: int  # points in the test, after merging equal timestamps or season cells
    n_input: int
    trend: str | None  # "increasing", "decreasing", "no trend"; None when not estimable (see reason)
    p: float | None
    tau: float | None
    s: float | None
    z: float | None
    var_s: float | None
    slope_per_year: float | None
    intercept: float | None  # the Sen line's value at `origin`
    origin: str | None  # ISO date-time: the first sample (plain test) or 1 January of the first year (seasonal)
    censored_handling: str
    highest_detection_limit: float | None
    n_recensored: int
    seasonal: bool
    period: int | None
    alpha: float
    reason: str | None


def mann_kendall(
    times: Sequence[dt.date | dt.datetime],
    values: ArrayLike,
    censored: ArrayLike | None = None,
    *,
    period: int | None = None,
    alpha: float = 0.05,
) -> TrendResult:
    """Test a series for a monotonic trend; seasonal (Hirsch–Slack) when ``period`` seasons per year are given.

    A censored value is its detection limit. Raises ValueError for inconsistent input or a period that
    does not divide the year into whole months.
    """
    v = np.asarray(values, dtype=float)
    flags = np.zeros(v.size, dtype=bool) if censored is None else np.asarray(censored)
    if flags.size and flags.dtype.kind not in "bui":  # np.asarray(["false"], dtype=bool) would be True
        raise ValueError("censored flags must be booleans (or 0/1)")
    c = flags.astype(bool)
    if v.ndim != 1 or c.shape != v.shape or len(times) != v.size:
        raise ValueError("times, values and censored must be one-dimensional and of the same length")
    if not np.isfinite(v).all():
        raise ValueError("values must be finite numbers")
    if period is not None and period not in SEASONAL_PERIODS:
        raise ValueError(f"period must be one of {SEASONAL_PERIODS} seasons per year")
    x, result = _recensor(v, c)
    result["n_input"] = int(v.size)
    result["seasonal"] = period is not None
    result["period"] = period
    result["alpha"] = alpha
    if period is None:
        result["method"] = "Mann-Kendall (pymannkendall.original_test); Sen's slope over real time differences"
        return _original(list(times), x, alpha, result)
    result["method"] = f"seasonal Kendall, {period} seasons a year (pymannkendall.seasonal_test)"
    return _seasonal(list(times), x, period, alpha, result)


def _recensor(v: NDArray[np.float64], c: NDArray[np.bool_]) -> tuple[NDArray[np.float64], TrendResult]:
    result = _empty()
    if not c.any():
        result["censored_handling"] = "no non-detects: values used as reported"
        return v, result
    highest = float(v[c].max())
    below = c | (v < highest)
    # Key by key: TypedDict.update() accepts no keyword arguments under mypy.
    result["highest_detection_limit"] = highest
    result["n_recensored"] = int(below.sum())
    result["censored_handling"] = (
        f"all {int(below.sum())} values below the highest detection limit ({highest:g}), non-detects and "
        f"detects alike, were re-censored as '<{highest:g}': they tie with each other and rank below every "
        f"result at or above it (S, tau, z, p). Sen's slope and the intercept count them as {highest / 2:g} "
        "(half that limit), so they are indicative only when many values are re-censored."
    )
    return np.where(below, highest / 2, v), result


def _empty() -> TrendResult:
    return TrendResult(
        method="", n=0, n_input=0, trend=None, p=None, tau=None, s=None, z=None, var_s=None,
        slope_per_year=None, intercept=None, origin=None, censored_handling="", highest_detection_limit=None,
        n_recensored=0, seasonal=False, period=None, alpha=0.05, reason=None,
    )  # fmt: skip


def decimal_year(moment: dt.date | dt.datetime) -> float:
    """Year plus the elapsed fraction of that calendar year (leap years counted), e.g. 1 July 2023 → 2023.496."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    start = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    length = start.replace(year=start.year + 1) - start
    return moment.year + (moment - start) / length


def _original(
    times: list[dt.date | dt.datetime], x: NDArray[np.float64], alpha: float, result: TrendResult
) -> TrendResult:
    t, merged = _merge_equal_times(np.array([decimal_year(moment) for moment in times]), x)
    result["n"] = int(t.size)
    if (reason := _not_estimable(merged, result["n"])) is not None:
        result["reason"] = reason
        return result
    _store(result, pmk.original_test(merged, alpha=alpha))
    years = t - t[0]
    slope = _sen_slope(years, merged)
    result["slope_per_year"] = slope
    result["intercept"] = float(np.median(merged) - slope * np.median(years))
    result["origin"] = min(times, key=decimal_year).isoformat()
    return result


def _merge_equal_times(
    t: NDArray[np.float64], x: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The distinct times in order and the median value at each."""
    order = np.argsort(t, kind="stable")
    t, x = t[order], x[order]
    unique_t, starts = np.unique(t, return_index=True)
    if unique_t.size == t.size:
        return t, x
    return unique_t, np.array([np.median(group) for group in np.split(x, starts[1:])])


def _seasonal(
    times: list[dt.date | dt.datetime], x: NDArray[np.float64], period: int, alpha: float, result: TrendResult
) -> TrendResult:
    first_year = min(moment.year for moment in times)
    n_years = max(moment.year for moment in times) - first_year + 1
    cells: dict[tuple[int, int], list[float]] = {}
    for moment, value in zip(times, x, strict=True):
        cells.setdefault((moment.year - first_year, (moment.month - 1) * period // 12), []).append(float(value))
    grid = np.full((n_years, period), np.nan)
    for (year, season), cell in cells.items():
        grid[year, season] = np.median(cell)
    result["n"] = len(cells)
    filled = grid[~np.isnan(grid)]
    if (reason := _not_estimable(filled, result["n"])) is not None:
        result["reason"] = reason
        return result
    if ((~np.isnan(grid)).sum(axis=0) < 2).all():
        result["reason"] = "no season has results in two or more years"
        return result
    test = pmk.seasonal_test(grid.ravel(), period=period, alpha=alpha)
    _store(result, test)
    result["slope_per_year"] = float(test.slope)  # within-season pairs are whole years apart
    result["intercept"] = float(test.intercept)  # time counted in years from 1 January of the first year
    result["origin"] = dt.date(first_year, 1, 1).isoformat()
    return result


def _not_estimable(x: NDArray[np.float64], n: int) -> str | None:
    if n < MIN_POINTS:
        return f"fewer than {MIN_POINTS} points in time"
    if np.unique(x).size == 1:
        return "all values tie (for example all below the highest detection limit): no ranking over time"
    return None


class _KendallTest(Protocol):
    """The fields of a pymannkendall result that :func:`_store` reads."""

    @property
    def trend(self) -> str: ...
    @property
    def p(self) -> SupportsFloat: ...
    @property
    def Tau(self) -> SupportsFloat: ...  # pymannkendall's capitalisation
    @property
    def s(self) -> SupportsFloat: ...
    @property
    def z(self) -> SupportsFloat: ...
    @property
    def var_s(self) -> SupportsFloat: ...


def _store(result: TrendResult, test: _KendallTest) -> None:
    """Copy a pymannkendall result (a namedtuple of numpy scalars) into plain floats."""
    result["trend"] = str(test.trend)
    result["p"] = float(test.p)
    result["tau"] = float(test.Tau)
    result["s"] = float(test.s)
    result["z"] = float(test.z)
    result["var_s"] = float(test.var_s)


def _sen_slope(t: NDArray[np.float64], x: NDArray[np.float64]) -> float:
    """Median of (x_j − x_i)/(t_j − t_i) over all pairs i < j; t strictly increasing."""
    slopes = [(x[i + 1 :] - x[i]) / (t[i + 1 :] - t[i]) for i in range(t.size - 1)]
    return float(np.median(np.concatenate(slopes)))
