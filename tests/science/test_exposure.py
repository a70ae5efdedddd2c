"""science.exposure: the local surface-water PEC, checked against hand calculations written out here.

No published worked example with inputs and a printed PEClocal_water could be found for the EU model (TGD 2003
Part II §2.3.8.3 / ECHA R.16 v3.0); the issue allows a hand calculation instead, so each step is worked below
with the defaults of ``science.exposure.DEFAULTS`` (effluent 2,000 m³/d, dilution 10, 15 mg/L suspended matter
with 10 % organic carbon, 300 emission days).
"""

from __future__ import annotations

import math

import pytest

from npgov.science.exposure import (
    DEFAULTS,
    ExposureError,
    LocalWaterScenario,
    estimate_from_releases,
    estimated_rq,
    pec_local_water,
    scenario_record,
)


def test_one_kilogram_a_day_without_removal_by_hand() -> None:
    # 300 kg/a over 300 d = 1 kg/d → 1e6 mg/d into 2,000 m³/d = 2e6 L/d → Clocal_inf = 0.5 mg/L
    # no removal known: Clocal_eff = 0.5 mg/L
    # Koc 1,000 L/kg × Foc 0.1 = Kp_susp 100 L/kg; 100 L/kg × 15e-6 kg/L = 0.0015
    # Clocal_water = 0.5 / (1.0015 × 10) = 0.049925112331502746 mg/L = 49,925.1 ng/L
    pec = pec_local_water(300, koc_l_per_kg=1000)
    assert pec.elocal_kg_per_day == 1.0
    assert pec.clocal_inf_mg_per_l == pytest.approx(0.5, rel=1e-12)
    assert (pec.fraction_to_effluent, pec.removal_known) == (1.0, False)
    assert pec.kp_susp_l_per_kg == pytest.approx(100, rel=1e-12)
    assert pec.clocal_water_mg_per_l == pytest.approx(0.5 / (1.0015 * 10), rel=1e-12)
    assert pec.pec_ng_per_l == pytest.approx(49_925.112331502746, rel=1e-12)


def test_removal_dilution_and_background_by_hand() -> None:
    # 2,000 kg/a over 200 d = 10 kg/d → Clocal_inf = 1e7 mg/d / 2e6 L/d = 5 mg/L
    # 12.6 % leaves with the effluent: Clocal_eff = 0.63 mg/L
    # Koc 100 → Kp_susp 10 L/kg; 10 × 15e-6 = 0.00015; river dilution 20 (site-specific)
    # Clocal_water = 0.63 / (1.00015 × 20) = 0.031495275708643706 mg/L; plus 0.001 mg/L background
    scenario = LocalWaterScenario(emission_days=200, dilution=20, regional_mg_per_l=0.001)
    pec = pec_local_water(2000, koc_l_per_kg=100, fraction_to_effluent=0.126, scenario=scenario)
    assert pec.clocal_eff_mg_per_l == pytest.approx(0.63, rel=1e-12)
    assert pec.clocal_water_mg_per_l == pytest.approx(0.63 / (1.00015 * 20), rel=1e-12)
    assert pec.pec_mg_per_l == pytest.approx(0.031495275708643706 + 0.001, rel=1e-12)
    assert pec.removal_known


def test_an_estimated_rq_divides_by_the_pnec_in_the_same_unit() -> None:
    pec = pec_local_water(300, koc_l_per_kg=1000)  # 49,925.1 ng/L
    assert estimated_rq(pec, pnec_ng_per_l=100_000) == pytest.approx(0.49925112331502746, rel=1e-12)


def test_a_strongly_sorbing_substance_is_mostly_on_suspended_matter() -> None:
    # Koc 1e6 → Kp 1e5 L/kg; 1e5 × 15e-6 = 1.5: the dissolved share is 1/2.5 of the no-sorption case
    free = pec_local_water(300, koc_l_per_kg=0).clocal_water_mg_per_l
    sorbing = pec_local_water(300, koc_l_per_kg=1e6).clocal_water_mg_per_l
    assert free == pytest.approx(0.05, rel=1e-12) and sorbing == pytest.approx(0.05 / 2.5, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((-1,), {"koc_l_per_kg": 10}),
        ((math.nan,), {"koc_l_per_kg": 10}),
        ((1,), {"koc_l_per_kg": math.inf}),
        ((1,), {"koc_l_per_kg": 10, "fraction_to_effluent": 1.2}),
        ((1,), {"koc_l_per_kg": 10, "scenario": None, "fraction_to_effluent": -0.1}),
    ],
)
def test_inputs_outside_the_model_are_refused(args: tuple, kwargs: dict) -> None:
    with pytest.raises(ExposureError):
        pec_local_water(*args, **kwargs)


@pytest.mark.parametrize("field", ["effluent_m3_per_day", "emission_days"])
def test_a_scenario_needs_flow_and_days(field: str) -> None:
    with pytest.raises(ExposureError):
        LocalWaterScenario(**{field: 0})
    with pytest.raises(ExposureError):
        LocalWaterScenario(dilution=0.5)


def test_every_default_names_its_source_and_says_whether_it_was_checked() -> None:
    for name, default in DEFAULTS.items():
        assert default.source and default.unit and isinstance(default.verified, bool), name
        assert getattr(LocalWaterScenario(), name) == default.value


def test_a_substance_estimate_is_its_worst_enterprise_by_hand() -> None:
    # three enterprises release 30, 600 and 0 kg/a; the worst (600 kg/a) over 300 d = 2 kg/d
    # → Clocal_inf = 2e6 mg/d / 2e6 L/d = 1 mg/L; no removal, Koc 0 (no sorption): Clocal_water = 1 / 10 = 0.1 mg/L
    # = 100,000 ng/L; PNEC 2,000 ng/L → estimated RQ 50
    estimate = estimate_from_releases([30, 600, 0], pnec_ng_per_l=2000)
    assert estimate is not None
    assert (estimate.enterprises, estimate.release_kg_total, estimate.release_kg_worst) == (2, 630.0, 600.0)
    assert estimate.pec.pec_ng_per_l == pytest.approx(100_000, rel=1e-12)
    assert estimate.rq == pytest.approx(50, rel=1e-12)
    assert estimate.pec.removal_known is False


def test_no_release_no_estimate_and_bad_releases_are_refused() -> None:
    assert estimate_from_releases([0, 0], pnec_ng_per_l=10) is None
    assert estimate_from_releases([], pnec_ng_per_l=10) is None
    with pytest.raises(ExposureError):
        estimate_from_releases([1, -1], pnec_ng_per_l=10)
    with pytest.raises(ExposureError):
        estimate_from_releases([1, math.inf], pnec_ng_per_l=10)
    with pytest.raises(ExposureError):
        estimate_from_releases([1], pnec_ng_per_l=0)


def test_the_scenario_record_names_every_default_with_its_source() -> None:
    record = scenario_record(LocalWaterScenario(dilution=20))
    assert record["dilution"]["value"] == 20 and record["dilution"]["default"] is False
    assert record["effluent_m3_per_day"] == {"value": 2000.0, "unit": "m³/d", "source": DEFAULTS[
        "effluent_m3_per_day"].source, "verified": False, "default": True}
    assert all(entry["verified"] is False for entry in record.values())
