"""The measured environmental concentration (MEC) of many site × substance series at once.

:func:`exposure_concentrations` gives, for every group, what :func:`npgov.science.risk.exposure_concentration`
gives for one series — the maximum detect, the Kaplan–Meier P95 or the Kaplan–Meier mean, the same fallbacks and
notes — from one sort of all the results (:func:`npgov.science.censored.group_values`) and the grouped
Kaplan–Meier of :mod:`npgov.science.censored`, of which the single-series functions are one group.
tests/science/test_mec.py checks the two agree on many random series.

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

import math

from npgov.science.censored import (
    GroupedValues,
    GroupExtremes,
    group_extremes,
    kaplan_meier_groups,
    km_mean_se_groups,
    km_quantile_groups,
)
from npgov.science.risk import MEC_METHODS, Concentration, MecStatistic


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
