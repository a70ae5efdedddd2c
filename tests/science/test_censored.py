"""Censored-data statistics against published outputs of NADA, EnvStats and Helsel & Cohn (1988).

Every expected number names where it was published. Where no published number was found, the test says so
and checks an independent computation instead.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, stats
from statsmodels.imputation.ros import impute_ros

from npgov.science.censored import (
    NADA_PROBS,
    hc_plotting_positions,
    kaplan_meier,
    km_quantile,
    mle_lognormal,
    read_censored_csv,
    ros,
    ros_impute,
    summarise,
    summarise_csv,
    summarise_groups,
)

# NADA's data(Atrazine): atrazine (µg/L) in Nebraska wells, June then September, one detection limit 0.01.
# Source: NADA's data/NADA.Atrazine.R (https://github.com/cran/NADA/blob/master/data/NADA.Atrazine.R), the same
# values as NADA2's data-raw/NADA_atrazine.csv (https://github.com/SwampThingPaul/NADA2). The single-precision
# digits are NADA's own; they matter for ties.
ATRA = [
    0.3799999952, 0.03999999911, 0.00999999978, 0.02999999933, 0.02999999933, 0.05000000075, 0.01999999955,
    0.00999999978, 0.00999999978, 0.00999999978, 0.1099999994, 0.09000000358, 0.00999999978, 0.00999999978,
    0.00999999978, 0.00999999978, 0.01999999955, 0.02999999933, 0.01999999955, 0.01999999955, 0.05000000075,
    0.02999999933, 0.05000000075, 0.00999999978,
    2.660000086, 0.6299999952, 0.5899999738, 0.05000000075, 0.8399999738, 0.5799999833, 0.01999999955,
    0.00999999978, 0.00999999978, 0.00999999978, 0.09000000358, 0.3100000024, 0.01999999955, 0.00999999978,
    0.5, 0.02999999933, 0.09000000358, 0.05999999866, 0.02999999933, 0.00999999978, 0.1000000015, 0.25,
    0.02999999933, 88.36000061,
]  # fmt: skip
ATRA_CEN = [f == "1" for f in "001000011100111100000001" + "000000011100010000010000"]  # June, Sept
MONTH = ["June"] * 24 + ["Sept"] * 24

# Published: the example output of NADA's ?cenfit-methods, `cenfit(Atrazine$Atra, Atrazine$AtraCen)` and the
# same by Month, as printed by R: https://rdrr.io/rforge/NADA/man/cenfit-methods.html ("Example output")
#            n  n.cen  median  mean        sd
NADA_CENFIT = {
    "all": (48, 14, 0.03, 2.010208, 12.791612),
    "June": (24, 9, 0.02, 0.04791667, 0.07541428),
    "Sept": (24, 5, 0.06, 3.97250003, 18.08692684),
}

# EnvStats' EPA.09.Ex.15.1.manganese.df: manganese (ppb) at five background wells, USEPA (2009) Unified
# Guidance Example 15-1, detection limits 2 and 5; transcribed from the longToWide() table printed in
# EnvStats' ?elnormCensored examples (https://github.com/alexkowa/EnvStats/blob/master/man/elnormCensored.Rd).
MN_TEXT = ["<5", "12.1", "16.9", "21.6", "<2", "<5", "7.7", "53.6", "9.5", "45.9", "<5", "5.3", "12.6", "106.3",
           "34.5", "6.3", "11.9", "10", "<2", "77.2", "17.9", "22.7", "3.3", "8.4", "<2"]  # fmt: skip
MN = [float(v.lstrip("<")) for v in MN_TEXT]
MN_CEN = [v.startswith("<") for v in MN_TEXT]

# Helsel & Cohn (1988), Water Resources Research 24(12):1997-2004, Appendix B: 18 values, limits 1 and 10, as
# listed (order statistics) in EnvStats' ?ppointsCensored and in statsmodels' test_ros.py.
APPB = [1.0] * 6 + [3.0, 7.0, 9.0] + [10.0] * 3 + [12.0, 15.0, 20.0, 27.0, 33.0, 50.0]
APPB_CEN = [True] * 6 + [False] * 3 + [True] * 3 + [False] * 6


def mask(sel: str) -> np.ndarray:
    return np.array([sel in ("all", m) for m in MONTH])


# --- Kaplan–Meier ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["all", "June", "Sept"])
def test_km_reproduces_nada_cenfit_on_atrazine(group: str) -> None:
    n, n_cen, median, mean, sd = NADA_CENFIT[group]
    x, c = np.array(ATRA)[mask(group)], np.array(ATRA_CEN)[mask(group)]
    result = summarise(x, c)
    assert (result["n"], result["n_censored"]) == (n, n_cen)
    # NADA prints 7 significant digits; the data are single precision (0.02999999933 is "0.03")
    assert result["km"]["median"] == pytest.approx(median, rel=1e-7)
    assert result["km"]["mean"] == pytest.approx(mean, rel=5e-7)
    assert result["km"]["sd"] == pytest.approx(sd, rel=5e-7)
    # NADA's sd is the se of the mean times √n (NADA R/km.R, setMethod("sd", "cenfit"))
    assert result["km"]["sd"] == pytest.approx(result["km"]["se"] * np.sqrt(n))


def test_km_mean_with_a_censored_minimum_puts_the_remaining_probability_at_the_smallest_detect() -> None:
    # June: 9 non-detects <0.01 below all 15 detects. NADA's mean is (Σ detects + 9 × smallest detect) / 24,
    # which is how its published 0.04791667 arises; the note says the mean is biased high.
    x, c = np.array(ATRA)[mask("June")], np.array(ATRA_CEN)[mask("June")]
    detects = x[~c]
    result = summarise(x, c)
    assert result["km"]["mean"] == pytest.approx((detects.sum() + 9 * detects.min()) / 24)
    assert "biased high" in result["notes"]["km.mean"]


def test_km_distribution_reproduces_usepa_example_15_1() -> None:
    # Published: KM CDF at each detect of the manganese data, EnvStats ?ppointsCensored example
    # ("Example 15-1 of USEPA (2009, page 15-10)", prob.method = "kaplan-meier"), 2 decimals:
    # https://github.com/alexkowa/EnvStats/blob/master/man/ppointsCensored.Rd
    published = {3.3: 0.28, 5.3: 0.32, 6.3: 0.36, 7.7: 0.40, 8.4: 0.44, 9.5: 0.48, 10.0: 0.52, 11.9: 0.56,
                 12.1: 0.60, 12.6: 0.64, 16.9: 0.68, 17.9: 0.72, 21.6: 0.76, 22.7: 0.80, 34.5: 0.84,
                 45.9: 0.88, 53.6: 0.92, 77.2: 0.96, 106.3: 1.00}  # fmt: skip
    km = kaplan_meier(MN, MN_CEN)
    assert km is not None
    cdf = np.concatenate(([1.0], km.below[:-1]))  # P(X ≤ t) is P(X < next larger detect)
    assert dict(zip(km.times.tolist(), np.round(cdf, 2).tolist(), strict=True)) == published


def test_km_percentiles_follow_nada_quantile_on_the_manganese_cdf() -> None:
    # No published KM percentiles were found for these data; the expected values are read off the published
    # CDF above with NADA's rule (smallest detect whose CDF reaches p; NA below the smallest detect's
    # probability 0.21, i.e. for 5 % and 10 %).
    result = summarise(MN, MN_CEN)
    assert result["percentiles"] == {
        "p5": None, "p10": None, "p25": 3.3, "p50": 10.0, "p75": 21.6, "p90": 53.6, "p95": 77.2,
    }  # fmt: skip
    assert result["km"]["median"] == 10.0


def test_km_without_censoring_is_the_sample_mean_sd_and_inverse_cdf_quantile() -> None:
    # Independent check (no published number needed): uncensored KM is the empirical distribution.
    x = np.array([4.0, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 7.0, 10.0, 0.5, 6.0, 2.5])
    result = summarise(x, np.zeros(x.size, dtype=bool))
    assert result["km"]["mean"] == pytest.approx(x.mean())
    assert result["km"]["sd"] == pytest.approx(x.std(ddof=1))
    km = kaplan_meier(x, np.zeros(x.size, dtype=bool))
    assert km is not None
    for p in (0.25, 0.5, 0.75):
        assert km_quantile(km, p) == np.quantile(x, p, method="inverted_cdf")
    # NADA's stepfind() answers NA at or above the probability just under the maximum (11/12 here)
    assert km_quantile(km, 0.95) is None


def test_km_percentile_keys_are_nadas_default_probabilities() -> None:
    result = summarise(MN, MN_CEN)
    assert list(result["percentiles"]) == [f"p{round(p * 100)}" for p in NADA_PROBS]


# --- robust ROS ------------------------------------------------------------------------------------------


def test_plotting_positions_reproduce_helsel_cohn_1988_appendix_b() -> None:
    # Published: EnvStats ?ppointsCensored, "Reproduce the example in Appendix B of Helsel and Cohn (1988)",
    # prob.method = "hirsch-stedinger", plot.pos.con = 0, rounded to 3 decimals, in this order.
    published = [0.063, 0.127, 0.190, 0.254, 0.317, 0.381, 0.500, 0.556, 0.611, 0.167, 0.333, 0.500,
                 0.714, 0.762, 0.810, 0.857, 0.905, 0.952]  # fmt: skip
    assert np.round(hc_plotting_positions(APPB, APPB_CEN), 3).tolist() == published


def test_ros_imputes_the_values_of_helsel_cohn_1988_appendix_b() -> None:
    # Published: the nine imputed non-detects of Appendix B, to two decimals, as transcribed in statsmodels'
    # tests (statsmodels/imputation/tests/test_ros.py, Test_ROS_HelselAppendixB.expected_final). The paper's
    # values are truncated, not rounded (0.4785 is printed 0.47), so compare truncations.
    published = [0.47, 0.85, 1.11, 1.27, 1.76, 2.34, 2.50, 3.03, 4.80]
    modeled = ros_impute(APPB, APPB_CEN)
    assert modeled is not None
    imputed = np.sort(modeled[np.array(APPB_CEN)])
    assert (np.floor(imputed * 100 + 1e-9) / 100).tolist() == published


def test_ros_reproduces_envstats_rros_on_manganese() -> None:
    # Published: EnvStats ?elnormCensored, elnormCensored(Manganese.ppb, Censored, method = "rROS",
    # plot.pos.con = 0)$parameters: meanlog 2.277175, sdlog 1.261431 — the mean and sd of the logs of the
    # detects plus the ROS-imputed non-detects (the Hirsch–Stedinger positions Helsel and NADA use).
    modeled = ros_impute(MN, MN_CEN)
    assert modeled is not None
    assert np.log(modeled).mean() == pytest.approx(2.277175, abs=5e-7)
    assert np.log(modeled).std(ddof=1) == pytest.approx(1.261431, abs=5e-7)


def test_ros_matches_statsmodels_impute_ros_with_several_limits() -> None:
    # Independent implementation: statsmodels' impute_ros, substitution fallback disabled. The data have
    # three limits, a detect equal to a limit and a non-detect above the largest detect (dropped by both).
    rng = np.random.default_rng(20240611)
    true = np.round(rng.lognormal(0.0, 1.2, 60), 2) + 0.01
    limit = rng.choice([0.5, 1.0, 2.0], 60)
    c = true < limit
    x = np.where(c, limit, true)
    x[0], c[0] = 2.0, False  # a detect at a detection limit
    x[1], c[1] = x[~c].max() + 5, True
    expected = impute_ros(x, c, max_fraction_censored=1.0)
    result = ros(x, c)
    assert result["mean"] == pytest.approx(expected.mean(), rel=1e-12)
    assert result["median"] == pytest.approx(np.median(expected), rel=1e-12)
    assert result["sd"] == pytest.approx(expected.std(ddof=1), rel=1e-12)


def test_ros_on_atrazine_matches_statsmodels() -> None:
    # No published ROS summary of the Atrazine data was found (NADA's documentation prints none);
    # statsmodels is the independent check.
    x, c = np.array(ATRA), np.array(ATRA_CEN)
    expected = impute_ros(x, c, max_fraction_censored=1.0)
    assert ros(x, c)["mean"] == pytest.approx(expected.mean(), rel=1e-12)


def test_ros_drops_non_detects_above_every_detect_as_nada_does() -> None:
    x, c = [1.0, 2.0, 3.0, 4.0, 0.5, 50.0], [False, False, False, False, True, True]
    notes: dict[str, str] = {}
    assert ros(x, c, notes) == ros(x[:-1], c[:-1])
    assert "dropped" in notes["ros.dropped"]


def test_ros_without_censoring_is_the_sample_statistics() -> None:
    x = np.array([0.2, 1.5, 0.7, 3.3, 2.2])
    assert ros(x, np.zeros(5, dtype=bool)) == {"mean": x.mean(), "median": np.median(x), "sd": x.std(ddof=1)}


# --- lognormal MLE ---------------------------------------------------------------------------------------


def test_mle_reproduces_envstats_elnormcensored_on_manganese() -> None:
    # Published: EnvStats ?elnormCensored, elnormCensored(Manganese.ppb, Censored):
    # "meanlog = 2.215905, sdlog = 1.356291" (method = "mle", the default).
    result = mle_lognormal(MN, MN_CEN)
    assert result["meanlog"] == pytest.approx(2.215905, abs=5e-7)
    assert result["sdlog"] == pytest.approx(1.356291, abs=5e-7)


def test_mle_matches_a_generic_optimiser_on_the_textbook_likelihood() -> None:
    # Independent check on Atrazine (no published MLE for it was found): maximise the censored lognormal
    # likelihood written with scipy.stats, Nelder–Mead, from another start.
    x, c = np.log(ATRA), np.array(ATRA_CEN)

    def negative(theta: np.ndarray) -> float:
        mu, sigma = theta[0], np.exp(theta[1])
        return -(stats.norm.logpdf(x[~c], mu, sigma).sum() + stats.norm.logcdf(x[c], mu, sigma).sum())

    fit = optimize.minimize(negative, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    result = mle_lognormal(ATRA, ATRA_CEN)
    assert result["meanlog"] == pytest.approx(fit.x[0], abs=1e-6)
    assert result["sdlog"] == pytest.approx(np.exp(fit.x[1]), abs=1e-6)


def test_mle_without_censoring_is_the_mean_and_n_denominator_sd_of_the_logs() -> None:
    x = np.array([0.2, 1.5, 0.7, 3.3, 2.2])
    result = mle_lognormal(x, np.zeros(5, dtype=bool))
    assert result == {"meanlog": pytest.approx(np.log(x).mean()), "sdlog": pytest.approx(np.log(x).std(ddof=0))}


# --- summaries and edge cases ----------------------------------------------------------------------------


def test_summary_has_exactly_the_documented_keys() -> None:
    result = summarise(MN, MN_CEN)
    assert {"n", "n_censored", "detection_frequency", "km", "ros", "mle_lognormal"} <= set(result)
    assert set(result["km"]) == {"mean", "median", "sd", "se"}
    assert set(result["ros"]) == {"mean", "median", "sd"}
    assert set(result["mle_lognormal"]) == {"meanlog", "sdlog"}
    assert result["detection_frequency"] == 19 / 25


def test_all_detected_data_have_every_statistic_and_no_notes() -> None:
    x = [0.2, 1.5, 0.7, 3.3, 2.2, 0.9]
    result = summarise(x, [False] * 6)
    assert result["detection_frequency"] == 1.0
    assert None not in (*result["km"].values(), *result["ros"].values(), *result["mle_lognormal"].values())
    assert result["notes"] == {}


def test_all_censored_data_estimate_nothing_and_say_why() -> None:
    result = summarise([0.5, 1.0, 1.0], [True, True, True])
    assert result["detection_frequency"] == 0.0
    assert set(result["km"].values()) == set(result["ros"].values()) == set(result["mle_lognormal"].values()) == {None}
    assert set(result["percentiles"].values()) == {None}
    assert {"km", "ros", "mle_lognormal"} <= set(result["notes"])


def test_a_single_detect_gives_nadas_km_mean_but_nothing_that_needs_two() -> None:
    result = summarise([0.5, 0.5, 2.0], [True, True, False])
    assert result["km"]["mean"] == 2.0  # all probability at the one detect, as NADA computes it
    assert result["km"]["se"] is None and result["km"]["sd"] is None
    assert result["ros"]["mean"] is None and result["mle_lognormal"]["meanlog"] is None
    assert "km.se" in result["notes"] and "ros" in result["notes"]


def test_two_equal_detects_allow_ros_but_not_the_mle() -> None:
    result = summarise([0.5, 0.5, 2.0, 2.0], [True, True, False, False])
    assert result["ros"]["mean"] is not None
    assert result["mle_lognormal"] == {"meanlog": None, "sdlog": None}


def test_a_zero_detect_rules_out_the_lognormal_methods_only() -> None:
    result = summarise([0.0, 1.0, 2.0, 0.5], [False, False, False, True])
    assert result["km"]["mean"] is not None
    assert result["ros"]["mean"] is None and result["mle_lognormal"]["meanlog"] is None
    assert "zero" in result["notes"]["ros"]


def test_a_non_detect_above_every_detect_counts_in_n_but_not_in_the_km_curve() -> None:
    # In survfit's flipped time it is censored before every event: out of every risk set.
    high = summarise([1.0, 2.0, 3.0, 9.0], [False, False, False, True])
    low = summarise([1.0, 2.0, 3.0], [False, False, False])
    assert high["km"]["mean"] == low["km"]["mean"]
    assert high["km"]["sd"] == pytest.approx(low["km"]["se"] * 2)  # √n with n = 4


def test_empty_input_estimates_nothing() -> None:
    result = summarise([], [])
    assert result["n"] == 0 and result["detection_frequency"] is None and result["km"]["mean"] is None


@pytest.mark.parametrize(
    ("values", "censored", "message"),
    [([-1.0], [False], "negative"), ([0.0], [True], "positive detection limit"), ([float("nan")], [False], "finite"),
     ([1.0], ["false"], "booleans"), ([1.0, 2.0], [False], "same length")],
)  # fmt: skip
def test_bad_arrays_are_refused(values: list, censored: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        summarise(values, censored)


def test_ten_thousand_values_take_well_under_a_second() -> None:
    rng = np.random.default_rng(1)
    true, limit = rng.lognormal(0, 1, 10_000), rng.choice([0.5, 1.0, 2.0], 10_000)
    start = time.perf_counter()
    summarise(np.where(true < limit, limit, true), true < limit)
    assert time.perf_counter() - start < 0.5


# --- groups and CSV --------------------------------------------------------------------------------------

ATRA_CSV = "value,censored,group\n" + "".join(
    f"{v},{str(c).lower()},{m}\n" for v, c, m in zip(ATRA, ATRA_CEN, MONTH, strict=True)
)


def test_csv_groups_reproduce_nada_cenfit_by_month() -> None:
    result = summarise_csv(io.StringIO(ATRA_CSV))
    assert result["overall"]["km"]["mean"] == pytest.approx(NADA_CENFIT["all"][3], rel=5e-7)
    assert list(result["groups"]) == ["June", "Sept"]
    for month in ("June", "Sept"):
        assert result["groups"][month]["km"]["mean"] == pytest.approx(NADA_CENFIT[month][3], rel=5e-7)
        assert result["groups"][month]["km"]["sd"] == pytest.approx(NADA_CENFIT[month][4], rel=5e-7)


def test_csv_without_a_group_column_has_no_groups() -> None:
    result = summarise_csv(io.StringIO("Censored,Value\nno,1\nyes,0.5\n"))
    assert result["groups"] == {} and result["overall"]["n"] == 2


@pytest.mark.parametrize("flag", ["true", "TRUE", "t", "T", "yes", "Yes", "1"])
def test_csv_accepts_the_documented_censored_flags(flag: str) -> None:
    (row,) = read_censored_csv(io.StringIO(f"value,censored\n0.5,{flag}\n"))
    assert row.censored is True


def test_csv_file_in_gb18030_with_chinese_groups(tmp_path: Path) -> None:
    path = tmp_path / "大连.csv"
    path.write_bytes("value,censored,group\n1,no,大连湾\n0.5,yes,大连湾\n".encode("gb18030"))
    assert list(summarise_csv(path)["groups"]) == ["大连湾"]


def test_csv_file_with_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffvalue,censored\n1,no\n2,no\n".encode())
    assert summarise_csv(path)["overall"]["n"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("value,group\n1,a\n", "row 1, column 'censored': missing"),
        ("censored\ntrue\n", "row 1, column 'value': missing"),
        ("value,censored\n1,no\nabc,no\n", "row 3, column 'value': not a number"),
        ("value,censored\n1,no\n\n-2,no\n", "row 4, column 'value': negative"),
        ("value,censored\n1,maybe\n", "row 2, column 'censored': not true/false"),
        ("value,censored\n0,yes\n", "row 2, column 'value': a non-detect needs a positive detection limit"),
        ("value,censored\n,no\n", "row 2, column 'value': empty"),
        ("value,censored\n1,\n", "row 2, column 'censored': empty"),
        ("value,censored,group\n1,no,a\n2,no,\n", "row 3, column 'group': empty"),
        ("value,censored\n", "no data rows"),
    ],
)
def test_bad_csv_names_the_row_and_column(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_censored_csv(io.StringIO(text))


def test_summarise_groups_takes_plain_tuples() -> None:
    result = summarise_groups([(1.0, False, "a"), (2.0, False, "a"), (0.5, True, "b"), (3.0, False, "b")])
    assert result["overall"]["n"] == 4 and result["groups"]["b"]["n_censored"] == 1
