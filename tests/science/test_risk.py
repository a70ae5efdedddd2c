"""Risk quotients and drinking-water health risk.

The RQ bands and the "cannot conclude" rule are issue #6's. The KM-mean MEC is checked against NADA's published
cenfit() output for the June atrazine data (https://rdrr.io/rforge/NADA/man/cenfit-methods.html: mean 0.04791667),
the same data as tests/science/test_censored.py. The HQ/cancer-risk numbers are hand computations of the RAGS
equation, not published values.
"""

from __future__ import annotations

import pytest

from npgov.science.risk import (
    DEFAULT_EXPOSURE,
    cancer_risk,
    drinking_water_risk,
    exposure_parameters,
    hazard_quotient,
    risk_quotient,
    rq_category,
    site_risk_quotient,
)

# NADA data(Atrazine), June (µg/L), one detection limit 0.01; see tests/science/test_censored.py for the source.
JUNE = [
    0.3799999952, 0.03999999911, 0.00999999978, 0.02999999933, 0.02999999933, 0.05000000075, 0.01999999955,
    0.00999999978, 0.00999999978, 0.00999999978, 0.1099999994, 0.09000000358, 0.00999999978, 0.00999999978,
    0.00999999978, 0.00999999978, 0.01999999955, 0.02999999933, 0.01999999955, 0.01999999955, 0.05000000075,
    0.02999999933, 0.05000000075, 0.00999999978,
]  # fmt: skip
JUNE_CEN = [f == "1" for f in "001000011100111100000001"]


@pytest.mark.parametrize(
    ("rq", "category"), [(0.0999, "low"), (0.1, "medium"), (0.999, "medium"), (1.0, "high"), (12.0, "high")]
)
def test_it_bands_risk_quotients_as_the_issue_says(rq: float, category: str) -> None:
    assert rq_category(rq) == category


def test_it_cannot_conclude_when_never_detected_and_the_loq_exceeds_the_pnec() -> None:
    result = site_risk_quotient(values=[0.5, 0.5, 0.5], censored=[True, True, True], pnec=0.1)
    assert result["category"] == "cannot conclude"
    assert result["rq_is_upper_bound"] is True
    assert result["mec"] is None


def test_it_calls_a_never_detected_substance_low_only_when_the_loq_is_low_enough() -> None:
    result = risk_quotient(mec=None, loq=0.005, pnec=0.1)
    assert (result["category"], result["rq"]) == ("low", pytest.approx(0.05))
    assert result["rq_is_upper_bound"] is True


def test_it_uses_the_maximum_detect_by_default() -> None:
    result = site_risk_quotient(values=[0.2, 0.05, 0.5], censored=[False, False, True], pnec=0.1)
    assert result["mec"] == 0.2 and result["mec_statistic"] == "max"
    assert result["category"] == "high"
    assert any("LOQ above the largest detect" in n for n in result["notes"])


def test_it_reproduces_nada_km_mean_as_mec() -> None:
    result = site_risk_quotient(values=JUNE, censored=JUNE_CEN, pnec=0.1, statistic="km_mean")
    assert result["mec_statistic"] == "km_mean"
    assert result["mec"] == pytest.approx(0.04791667, rel=1e-6)
    assert result["category"] == "medium"


def test_it_falls_back_to_the_maximum_when_km_p95_is_undefined_and_says_so() -> None:
    # given 20 detects and nothing censored above them: NADA's quantile() answers NA for P95
    values = [float(v) for v in range(1, 21)]
    result = site_risk_quotient(values=values, censored=[False] * 20, pnec=100.0, statistic="p95")
    assert result["mec_statistic"] == "max"
    assert result["notes"]


def test_it_rejects_a_non_positive_pnec() -> None:
    with pytest.raises(ValueError, match="pnec"):
        risk_quotient(mec=1.0, pnec=0.0)


# --- health risk -------------------------------------------------------------------------------------------------


def test_it_computes_hq_with_the_rags_equation() -> None:
    # given the adult defaults with ED cancelling out of the non-cancer intake
    exposure = exposure_parameters("adult", bw=60.0, ir=2.0)
    # when 0.003 mg/L meets an RfD of 0.0003 mg/(kg·d)
    hq = hazard_quotient(c_mg_l=0.003, rfd=0.0003, exposure=exposure)
    # then HQ = 0.003 × 2 / 60 / 0.0003 (EF = 365 d/a, AT = ED × 365 d)
    assert hq == pytest.approx(0.003 * 2 / 60 / 0.0003)


def test_it_averages_cancer_intake_over_a_lifetime() -> None:
    exposure = exposure_parameters("adult", bw=60.0, ir=2.0, ed=30.0)
    risk = cancer_risk(c_mg_l=0.001, slope_factor=1.5, exposure=exposure)
    assert risk == pytest.approx(0.001 * 2 * 365 * 30 / (60 * 70 * 365) * 1.5)


def test_it_sums_hazard_quotients_into_the_hazard_index() -> None:
    exposure = exposure_parameters("child")
    result = drinking_water_risk(
        concentrations_mg_l={"a": 0.01, "b": 0.02, "c": 0.5},
        rfd={"a": 0.01, "b": 0.04},
        slope_factors={"c": 0.1},
        exposure=exposure,
    )
    assert set(result["hq"]) == {"a", "b"} and set(result["cancer_risk"]) == {"c"}
    assert result["hazard_index"] == pytest.approx(result["hq"]["a"] + result["hq"]["b"])


def test_it_marks_which_default_parameters_were_verified() -> None:
    adult = DEFAULT_EXPOSURE["adult"]
    assert adult["ir"]["value"] == 1.85 and adult["ir"]["verified"] is True  # 1 850 mL/d, Zheng et al. 2014
    assert adult["bw"]["verified"] is False
    assert all(p["source"] for group in DEFAULT_EXPOSURE.values() for p in group.values())


def test_it_rejects_unknown_or_non_positive_overrides() -> None:
    with pytest.raises(ValueError, match="unknown"):
        exposure_parameters("adult", weight=70.0)
    with pytest.raises(ValueError, match="positive"):
        exposure_parameters("adult", bw=0.0)
