"""Mann–Kendall and seasonal Kendall trend tests with dates and non-detects."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pymannkendall as pmk
import pytest
from scipy import stats

from npgov.science.trends import decimal_year, mann_kendall

# Monthly rainfall (mm) at Bogra, Bangladesh, 1981–2010, None = missing: the "Bogra" column of pymannkendall's
# test data (tests/data/Monthly Rainfall.csv, https://github.com/mmhs013/pyMannKendall, MIT licence).
N = None
BOGRA = {
    1981: [32, 20, 25, 189, 240, 193, 379, 278, 301, 0, 0, 82],
    1982: [0, 4, N, N, 121, 234, 360, 262, 120, 30, 11, 1],
    1983: [7, 3, 31, 31, 355, 102, 248, 274, 308, N, 5, 26],
    1984: [11, 16, 6, 48, 388, 539, 431, 272, 404, 186, 0, 2],
    1985: [0, 4, 1, 54, 272, 459, 235, 164, 365, 135, 2, N],
    1986: [N, 4, 0, 128, 210, 163, 446, 225, 462, 467, 19, 13],
    1987: [0, 3, 17, 132, 178, 338, 525, 623, 145, 31, 19, 3],
    1988: [0, 29, 25, 87, 259, 756, 486, 180, 292, 43, 92, 1],
    1989: [0, 16, 2, 0, 130, 253, 594, 111, 273, 30, 0, 4],
    1990: [0, 27, 24, 41, 292, 378, 499, 265, 320, 227, 4, 0],
    1991: [4, 14, 8, 48, 416, 240, 404, 207, 733, 105, 0, 112],
    1992: [0, 14, 0, 30, 140, 202, 289, 159, 424, 106, 3, 0],
    1993: [65, 3, 14, 58, 268, 466, 432, 266, 240, 95, 1, 0],
    1994: [10, 26, 4, 114, 94, 289, 173, 208, 263, 156, 5, 0],
    1995: [16, 16, 14, 0, 111, 475, 534, 432, 471, 117, 70, 1],
    1996: [3, 28, 7, 401, 184, 283, 338, 171, 335, 176, 0, 0],
    1997: [10, 11, 9, 140, 102, 208, 298, 245, 220, 29, 2, 27],
    1998: [10, 13, 26, 84, 143, 367, 749, 563, 283, 353, 10, 0],
    1999: [0, 0, 0, 9, 246, 265, 343, 429, 168, 133, 17, 0],
    2000: [18, 35, 76, 158, 272, 250, 190, 289, 466, 84, 0, 0],
    2001: [0, 0, 0, 22, 217, 299, 185, 115, 344, 203, 8, N],
    2002: [N, 0, 5, 284, 123, 254, 476, 496, 326, 27, 20, 0],
    2003: [4, 53, 72, 113, 214, 364, 219, 220, 156, 264, 0, 13],
    2004: [0, 0, 45, 90, 137, 638, 529, 261, 206, 251, 0, 0],
    2005: [5, 9, 58, 72, 138, 130, 471, 328, 356, 523, 0, 1],
    2006: [0, 0, 12, 143, 193, 184, 192, 138, 174, 69, 1, 0],
    2007: [0, 18, 25, 28, 92, 732, 320, 256, 302, 131, 15, 0],
    2008: [27, 0, 22, 20, 213, 393, 474, 374, 109, 159, 0, 0],
    2009: [0, 3, 3, 49, 205, 128, 194, 570, 169, 89, 0, 0],
    2010: [0, 0, 0, 26, 185, 286, 92, 225, 244, 190, 3, 20],
}
BOGRA_TIMES = [dt.date(y, m + 1, 1) for y, months in BOGRA.items() for m, v in enumerate(months) if v is not None]
BOGRA_VALUES = [v for months in BOGRA.values() for v in months if v is not None]


def test_original_test_reproduces_pymannkendalls_published_bogra_result() -> None:
    # Published: pymannkendall's tests/test_pymannkendall.py::test_original_test on this column.
    result = mann_kendall(BOGRA_TIMES, BOGRA_VALUES)
    assert result["trend"] == "no trend"
    assert result["s"] == -1959.0
    assert result["var_s"] == pytest.approx(4889800.333333333)
    assert result["z"] == pytest.approx(-0.8854562842589916, rel=1e-12)
    assert result["p"] == pytest.approx(0.37591058740506833, rel=1e-12)
    assert result["tau"] == pytest.approx(-0.03153167653875869, rel=1e-12)
    # The slope published there (-0.00645 per month) came from a pymannkendall that dropped missing months
    # before counting index steps; ours is per year over real dates, so it is checked independently below.


def test_seasonal_test_reproduces_pymannkendalls_published_bogra_result() -> None:
    # Published: pymannkendall's tests/test_pymannkendall.py::test_seasonal_test (period=12).
    result = mann_kendall(BOGRA_TIMES, BOGRA_VALUES, period=12)
    assert (result["trend"], result["seasonal"], result["period"]) == ("decreasing", True, 12)
    assert result["s"] == -399.0
    assert result["var_s"] == pytest.approx(34702.333333333336)
    assert result["z"] == pytest.approx(-2.136504114534638, rel=1e-12)
    assert result["p"] == pytest.approx(0.03263834596177739, rel=1e-12)
    assert result["tau"] == pytest.approx(-0.0794979079497908, rel=1e-12)


def test_seasonal_sen_slope_is_the_median_of_within_month_slopes_per_year() -> None:
    # Independent check (the published -1/6 is from an older pymannkendall, see above): brute force over
    # pairs of years within each month.
    slopes = [
        (BOGRA[b][m] - BOGRA[a][m]) / (b - a)
        for m in range(12)
        for a, b in itertools.combinations(BOGRA, 2)
        if BOGRA[a][m] is not None and BOGRA[b][m] is not None
    ]
    assert mann_kendall(BOGRA_TIMES, BOGRA_VALUES, period=12)["slope_per_year"] == np.median(slopes)


def test_sen_slope_uses_real_time_differences() -> None:
    # Independent check: brute-force Theil–Sen over decimal years.
    t = [decimal_year(d) for d in BOGRA_TIMES]
    slopes = [(BOGRA_VALUES[j] - BOGRA_VALUES[i]) / (t[j] - t[i]) for i, j in itertools.combinations(range(len(t)), 2)]
    assert mann_kendall(BOGRA_TIMES, BOGRA_VALUES)["slope_per_year"] == pytest.approx(np.median(slopes), rel=1e-12)


def test_a_monotone_annual_series_is_an_increasing_trend_of_exactly_its_slope() -> None:
    times = [dt.date(2011 + k, 1, 1) for k in range(10)]
    result = mann_kendall(times, [2.0 + 0.5 * k for k in range(10)])
    # Kendall (1975): S = n(n−1)/2, var S = n(n−1)(2n+5)/18, z = (S − 1)/√var S
    s, var_s = 45, 10 * 9 * 25 / 18
    assert (result["trend"], result["s"], result["tau"], result["var_s"]) == ("increasing", s, 1.0, var_s)
    assert result["p"] == pytest.approx(2 * stats.norm.sf((s - 1) / math.sqrt(var_s)))
    assert result["slope_per_year"] == pytest.approx(0.5) and result["intercept"] == pytest.approx(2.0)
    assert result["origin"] == "2011-01-01"


def test_irregular_sampling_gives_the_slope_per_year() -> None:
    times = [dt.datetime(2020, 1, 15), dt.datetime(2020, 3, 2, 10), dt.datetime(2021, 7, 9), dt.datetime(2023, 2, 1)]
    values = [3.0 * decimal_year(t) for t in times]
    assert mann_kendall(times, values)["slope_per_year"] == pytest.approx(3.0)


def test_a_seasonal_series_with_a_steady_rise_in_every_month() -> None:
    times = [dt.date(2015 + y, m, 10) for y in range(6) for m in range(1, 13)]
    values = [10 + 8 * math.sin(t.month) + 0.3 * (t.year - 2015) for t in times]
    result = mann_kendall(times, values, period=12)
    assert (result["trend"], result["tau"], result["s"]) == ("increasing", 1.0, 12 * 15)
    assert result["slope_per_year"] == pytest.approx(0.3)
    # the plain test is blurred by the seasonal cycle
    assert mann_kendall(times, values)["p"] > result["p"]


def test_quarterly_seasons_pool_their_months() -> None:
    times = [dt.date(2018 + y, m, 1) for y in range(5) for m in (1, 2, 4, 7, 10)]
    result = mann_kendall(times, [float(t.year) for t in times], period=4)
    assert result["n"] == 5 * 4  # January and February fall in one cell per year, merged by their median
    assert result["slope_per_year"] == pytest.approx(1.0)


def test_results_sharing_a_timestamp_are_merged_into_their_median() -> None:
    times = [dt.date(2020, 1, 1), dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2022, 1, 1), dt.date(2023, 1, 1)]
    result = mann_kendall(times, [1.0, 3.0, 4.0, 5.0, 6.0])
    assert (result["n"], result["n_input"], result["s"]) == (4, 5, 6.0)


def test_non_detects_are_recensored_at_the_highest_limit() -> None:
    # Limits 1 and 5: "<1", the detect 3 and "<5" all become "<5" and tie; only the ranks matter for S.
    times = [dt.date(2010 + k, 6, 1) for k in range(8)]
    values = [1.0, 3.0, 5.0, 6.0, 0.5, 8.0, 9.0, 12.0]
    censored = [True, False, True, False, False, False, False, False]
    result = mann_kendall(times, values, censored)
    recensored = [0.0, 0.0, 0.0, 6.0, 0.0, 8.0, 9.0, 12.0]  # any common value below 5 gives the same S
    expected_s = sum(np.sign(recensored[j] - recensored[i]) for i, j in itertools.combinations(range(8), 2))
    assert (result["s"], result["n_recensored"], result["highest_detection_limit"]) == (expected_s, 4, 5.0)
    assert "<5" in result["censored_handling"] and "2.5" in result["censored_handling"]
    assert result["p"] == pmk.original_test(recensored).p


def test_a_series_without_non_detects_says_so() -> None:
    result = mann_kendall([dt.date(2020 + k, 1, 1) for k in range(4)], [1.0, 2.0, 3.0, 4.0])
    assert result["censored_handling"].startswith("no non-detects") and result["n_recensored"] == 0


def test_too_few_points_give_no_trend_and_a_reason() -> None:
    result = mann_kendall([dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2022, 1, 1)], [1.0, 2.0, 3.0])
    assert result["trend"] is None and result["p"] is None and "fewer than 4" in str(result["reason"])


def test_all_values_below_the_highest_limit_give_no_trend_and_a_reason() -> None:
    times = [dt.date(2020 + k, 1, 1) for k in range(6)]
    result = mann_kendall(times, [0.5, 0.2, 1.0, 0.3, 0.1, 0.4], [False, False, True, False, False, False])
    assert result["trend"] is None and "tie" in str(result["reason"])


def test_seasonal_data_from_a_single_year_give_a_reason() -> None:
    times = [dt.date(2020, m, 1) for m in range(1, 13)]
    result = mann_kendall(times, [float(m) for m in range(12)], period=12)
    assert result["trend"] is None and "two or more years" in str(result["reason"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"period": 5}, "period"), ({"censored": [True]}, "same length"), ({"censored": ["no", "no"]}, "booleans")],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mann_kendall([dt.date(2020, 1, 1), dt.date(2021, 1, 1)], [1.0, 2.0], **kwargs)


def test_decimal_year_counts_leap_years() -> None:
    assert decimal_year(dt.date(2024, 7, 2)) == pytest.approx(2024 + 183 / 366)
    assert decimal_year(dt.datetime(2023, 1, 1, 12)) == pytest.approx(2023 + 0.5 / 365)
