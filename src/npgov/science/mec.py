"""The measured environmental concentration (MEC): of many site × substance series at once, or of one.

:func:`exposure_concentrations` gives, for every group, the maximum detect, the Kaplan–Meier P95 or the
Kaplan–Meier mean, with the fallbacks and notes, from one sort of all the results
(:func:`npgov.science.censored.group_values`) and the grouped Kaplan–Meier of :mod:`npgov.science.censored`.
:func:`exposure_concentration` is one series, read as one group of the same function;
tests/science/test_mec.py checks the two agree on many random series. ``science.risk`` (RQ, health risk) builds
on this module and not the other way round.

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

import math
from typing import Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from npgov.science.censored import (
    GroupedValues,
    GroupExtremes,
    group_extremes,
    group_values,
    kaplan_meier_groups,
    km_mean_se_groups,
    km_quantile_groups,
)

MecStatistic = Literal["max", "p95", "km_mean"]

MEC_METHODS = {
    "max": "maximum detected concentration",
    "p95": "95th percentile, Kaplan–Meier (NADA quantile())",
    "km_mean": "mean, Kaplan–Meier (NADA cenfit())",
}


class Concentration(TypedDict):
    value: float  # the MEC, or the lowest LOQ when nothing was detected
    statistic: str  # the statistic actually used (may fall back to "max"), or "< LOQ"
    upper_bound: bool  # True when nothing was detected: the true value is below ``value``
    notes: list[str]


def exposure_concentrations(
    data: GroupedValues, statistic: MecStatistic = "max"
) -> tuple[list[Concentration], GroupExtremes]:
    """Each group's MEC (as ``exposure_concentration``) and its extremes (detects, largest detect, lowest limit)."""
    if statistic not in MEC_METHODS:
        raise ValueError(f"statistic must be one of {sorted(MEC_METHODS)}")
    if (data.n == 0).any():
        raise ValueError("no results")
    extremes = group_extremes(data)
    estimate = None
    if statistic != "max":
        curves = kaplan_meier_groups(data)
        estimate = km_mean_se_groups(curves)[0] if statistic == "km_mean" else km_quantile_groups(curves, 0.95)
    out = []
    for g, (detects, max_detect, min_censored, largest) in enumerate(zip(*extremes, strict=True)):
        if detects == 0:
            out.append(Concentration(value=float(min_censored), statistic="< LOQ", upper_bound=True, notes=[]))
            continue
        notes: list[str] = []
        mec, used = float(max_detect), "max"
        if estimate is not None:
            if math.isnan(estimate[g]):
                notes.append(f"Kaplan–Meier {statistic} undefined for these data (NADA: NA); the maximum is used")
            else:
                mec, used = float(estimate[g]), statistic
        if largest > max_detect:
            notes.append("a non-detect has an LOQ above the largest detect: the true maximum may be higher")
        out.append(Concentration(value=mec, statistic=used, upper_bound=False, notes=notes))
    return out, extremes


def exposure_concentration(*, values: ArrayLike, censored: ArrayLike, statistic: MecStatistic = "max") -> Concentration:
    """The concentration a site's results stand for (MEC): max detected, KM P95 or KM mean, with the fallbacks.

    A non-detect is its LOQ with ``censored=True``. Never detected: the lowest LOQ, flagged as an upper bound.
    Shared by the ecological RQ and the drinking-water health risk so both read the data the same way; it is
    one group of :func:`exposure_concentrations`, where the rules live.
    """
    if statistic not in MEC_METHODS:
        raise ValueError(f"statistic must be one of {sorted(MEC_METHODS)}")
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("no results")
    data = group_values(np.zeros(x.size, dtype=np.int64), x, np.asarray(censored, dtype=bool), n_groups=1)
    return exposure_concentrations(data, statistic)[0][0]
