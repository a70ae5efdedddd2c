"""The grouped Kaplan–Meier and MEC of many series at once against one series at a time.

``kaplan_meier``, ``km_mean_se`` and ``km_quantile`` are one group of the grouped functions, so the published
NADA / EnvStats examples of tests/science/test_censored.py check the grouped code. These tests check the
grouping itself — many random series (ties, several detection limits, all censored, none censored, a single
value, long series) computed together give what each gives alone — and check both against ``_reference_*``:
the single-series Kaplan–Meier as NPGov computed it before the grouped version (a plain transcription of NADA),
kept here only as the test's yardstick.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from npgov.science.censored import (
    group_extremes,
    group_values,
    kaplan_meier,
    kaplan_meier_groups,
    km_mean_se,
    km_mean_se_groups,
    km_quantile,
    km_quantile_groups,
)
from npgov.science.mec import exposure_concentrations
from npgov.science.risk import exposure_concentration
from tests.science.test_censored import ATRA, ATRA_CEN, MN, MN_CEN


def _reference_km(x: np.ndarray, c: np.ndarray) -> tuple | None:
    detects = x[~c]
    if detects.size == 0:
        return None
    times, events = np.unique(detects, return_counts=True)
    times, events = times[::-1], events[::-1]
    at_risk = np.searchsorted(np.sort(x), times, side="right")
    below = np.cumprod(1.0 - events / at_risk)
    top = 1.0 if bool((c & (x > times[0])).any()) else float(below[0])
    return times, events, at_risk, below, top


def _reference_mean_se(times, events, at_risk, below) -> tuple[float, float | None]:
    m = times.size
    terms = np.zeros(m + 1)
    terms[0] = times[0]
    terms[1:m] = (times[1:] - times[:-1]) * below[:-1]
    tails = np.cumsum(terms[::-1])[::-1]
    r, d = at_risk[:-1].astype(float), events[:-1].astype(float)
    hh = np.zeros(m)
    hh[:-1] = np.divide(d, r * (r - d), out=np.zeros_like(d), where=(r - d) > 0)
    n_detects = int(events.sum())
    se = math.sqrt(float(np.sum(tails[1:] ** 2 * hh)) * n_detects / (n_detects - 1)) if n_detects >= 2 else None
    return float(terms.sum()), se


def _reference_quantile(times, below, top, p) -> float | None:
    if p >= top or p <= below[-1]:
        return None
    j = int(((below > p) | np.isclose(below, p, rtol=1.5e-8, atol=0.0)).sum())
    return None if j >= times.size else float(times[j])


def _random_series(rng: np.random.Generator, kind: str) -> tuple[np.ndarray, np.ndarray]:
    n = {"single": 1, "long": int(rng.integers(300, 800))}.get(kind, int(rng.integers(2, 40)))
    limits = np.round(rng.choice([0.05, 0.1, 0.3, 1.0], size=int(rng.integers(1, 4)), replace=False), 2)
    x = np.round(np.exp(rng.normal(-1.0, 1.5, n)), 1 if kind == "ties" else 3)  # one decimal: many ties
    limit = rng.choice(limits, n)
    c = x < limit
    if kind == "all_censored":
        c[:] = True
    if kind == "none_censored":
        c[:] = False
    x = np.where(c, limit, np.maximum(x, 0.001))
    return x, c


KINDS = ("mixed", "ties", "all_censored", "none_censored", "single", "long")


@pytest.fixture(scope="module")
def series() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(6)
    out = [_random_series(rng, KINDS[i % len(KINDS)]) for i in range(300)]
    # the published examples, and a non-detect above every detect
    return [*out, (np.asarray(ATRA), np.asarray(ATRA_CEN)), (np.asarray(MN, float), np.asarray(MN_CEN)),
            (np.array([1.0, 2.0, 5.0, 0.5]), np.array([False, False, True, True]))]  # fmt: skip


def _grouped(series: list) -> tuple:
    groups = np.concatenate([np.full(x.size, g) for g, (x, _c) in enumerate(series)])
    order = np.random.default_rng(1).permutation(groups.size)  # the input order must not matter
    values = np.concatenate([x for x, _c in series])[order]
    flags = np.concatenate([c for _x, c in series])[order]
    return group_values(groups[order], values, flags, n_groups=len(series))


def test_it_computes_every_groups_curve_as_the_single_series_reference(series: list) -> None:
    curves = kaplan_meier_groups(_grouped(series))
    mean, se = km_mean_se_groups(curves)
    quantiles = {p: km_quantile_groups(curves, p) for p in (0.25, 0.5, 0.9, 0.95)}
    for g, (x, c) in enumerate(series):
        points = slice(curves.offsets[g], curves.offsets[g + 1])
        reference = _reference_km(x, c)
        if reference is None:
            assert curves.times[points].size == 0 and math.isnan(mean[g]) and math.isnan(curves.top[g])
            assert kaplan_meier(x, c) is None
            continue
        times, events, at_risk, below, top = reference
        np.testing.assert_array_equal(curves.times[points], times)
        np.testing.assert_array_equal(curves.events[points], events)
        np.testing.assert_array_equal(curves.at_risk[points], at_risk)
        np.testing.assert_array_equal(curves.below[points], below)  # the same products in the same order
        assert curves.top[g] == top
        ref_mean, ref_se = _reference_mean_se(times, events, at_risk, below)
        assert mean[g] == pytest.approx(ref_mean, rel=1e-13, abs=1e-15)
        assert (ref_se is None and math.isnan(se[g])) or se[g] == pytest.approx(ref_se, rel=1e-12, abs=1e-15)
        single = kaplan_meier(x, c)
        assert single is not None
        assert km_mean_se(single) == (mean[g], None if ref_se is None else se[g])  # one group: identical
        for p, values in quantiles.items():
            expected = _reference_quantile(times, below, top, p)
            assert (expected is None and math.isnan(values[g])) or values[g] == expected
            assert km_quantile(single, p) == expected


def test_it_gives_each_groups_extremes(series: list) -> None:
    extremes = group_extremes(_grouped(series))
    for g, (x, c) in enumerate(series):
        assert extremes.detects[g] == (~c).sum()
        assert extremes.max_value[g] == x.max()
        assert (c.all() and math.isnan(extremes.max_detect[g])) or extremes.max_detect[g] == x[~c].max()
        assert (not c.any() and math.isnan(extremes.min_censored[g])) or extremes.min_censored[g] == x[c].min()


@pytest.mark.parametrize("statistic", ["max", "p95", "km_mean"])
def test_each_groups_mec_is_the_one_it_has_when_computed_alone(series: list, statistic: str) -> None:
    concentrations, _extremes = exposure_concentrations(_grouped(series), statistic)
    for (x, c), concentration in zip(series, concentrations, strict=True):
        expected = exposure_concentration(values=x, censored=c, statistic=statistic)
        assert concentration == expected


def test_it_sorts_by_group_and_value_whatever_the_input_order() -> None:
    data = group_values([2, 0, 2, 1, 0], [3.0, 1.0, 0.5, 7.0, 1.0], [False, True, True, False, False], n_groups=4)
    assert data.values.tolist() == [1.0, 1.0, 7.0, 0.5, 3.0]
    assert data.start.tolist() == [0, 2, 3, 5, 5]  # group 3 is empty
    assert sorted(data.censored[:2].tolist()) == [False, True] and data.censored[2:].tolist() == [False, True, False]


def test_it_refuses_codes_outside_the_groups_and_bad_values() -> None:
    with pytest.raises(ValueError, match="group codes"):
        group_values([0, 3], [1.0, 2.0], [False, False], n_groups=2)
    with pytest.raises(ValueError, match="negative"):
        group_values([0, 1], [1.0, -2.0], [False, False])
    with pytest.raises(ValueError, match="no results"):
        exposure_concentrations(group_values([0], [1.0], [False], n_groups=2))
