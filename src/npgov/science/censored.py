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
    NADA's flip (a censored time equal to an event time is still at risk at it).
    """
    x, c = _arrays(values, censored)
    detects = x[~c]
    if detects.size == 0:
        return None
    times, events = np.unique(detects, return_counts=True)
    times, events = times[::-1], events[::-1]
    at_risk = np.searchsorted(np.sort(x), times, side="right")
    below = np.cumprod(1.0 - events / at_risk)
    top = 1.0 if bool((c & (x > times[0])).any()) else float(below[0])
    return KaplanMeier(int(x.size), times, events, at_risk, below, top)


def km_mean_se(km: KaplanMeier) -> tuple[float, FloatOrNone]:
    """NADA's ``mean(cenfit)``: the area under the KM curve and its standard error.

    Transcribes NADA 1.6 ``.mean.cenfit`` (R/km.R): the area is summed over the detected values only, so
    when the smallest observation is censored the KM probability below the smallest detect is put *at*
    that detect — the mean is then biased high. The variance is survival's Greenwood-type ``hh`` sum times
    n_detects / (n_detects − 1); with a single detect the se is undefined (None).
    """
    t, s = km.times, km.below
    m = t.size
    terms = np.zeros(m + 1)
    terms[0] = t[0]
    terms[1:m] = (t[1:] - t[:-1]) * s[:-1]
    mean = float(terms.sum())
    tails = np.cumsum(terms[::-1])[::-1]  # tails[k] = Σ terms[k:]
    r, d = km.at_risk[:-1].astype(float), km.events[:-1].astype(float)
    hh = np.zeros(m)
    hh[:-1] = np.divide(d, r * (r - d), out=np.zeros_like(d), where=(r - d) > 0)
    n_detects = int(km.events.sum())
    if n_detects < 2:
        return mean, None
    variance = float(np.sum(tails[1:] ** 2 * hh)) * n_detects / (n_detects - 1)
    return mean, math.sqrt(variance)


def km_quantile(km: KaplanMeier, p: float) -> FloatOrNone:
    """NADA's ``quantile(cenfit, p)``: the smallest detected value whose KM P(X ≤ value) reaches p.

    Transcribes NADA's ``stepfind(surv, time, p, right=FALSE)``, including where it answers NA (None here):
    when p lies at or below the KM probability under the smallest detect (the percentile is somewhere among
    the non-detects) and when p is at or above the probability just under the largest value (for 20 detects
    and no non-detect above them, P95 and higher).
    """
    if p >= km.top or p <= km.below[-1]:
        return None
    reached = (km.below > p) | np.isclose(km.below, p, rtol=_R_ALL_EQUAL_TOL, atol=0.0)
    j = int(reached.sum())  # `below` decreases, so the first j values are the ones still ≥ p
    return None if j >= km.times.size else float(km.times[j])


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
    return (np.arange(1, n + 1) - a) / (n + 1 - 2 * a)


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
    for j in range(limits.size - 1, -1, -1):  # one step per detection limit: few
        exceed[j] = exceed[j + 1] + a[j] / (a[j] + b[j]) * (1.0 - exceed[j + 1])
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
    dropped = c & (x > detects.max())
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

    def __call__(self, theta: NDArray[np.float64], hessian: bool = True) -> tuple[float, NDArray, NDArray | None]:
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
        detection_frequency=(n - n_censored) / n if n else None,
        km=km_stats,
        ros=ros(x, c, notes),
        mle_lognormal=mle_lognormal(x, c, notes),
        percentiles=percentiles,
        methods=dict(METHODS),
        notes=notes,
    )


def summarise_groups(rows: Iterable[tuple[float, bool, str | None]]) -> GroupedSummary:
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
