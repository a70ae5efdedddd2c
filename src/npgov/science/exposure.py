"""Local predicted environmental concentration in surface water (PEC) from an enterprise's reported release, for
substances that are not monitored (issue 18): release → municipal sewage treatment → dilution in the receiving
river → sorption to suspended matter. The EU standard first-tier local model (EC 2003 Technical Guidance Document
on Risk Assessment, Part II, section 2.3.8.3; ECHA Guidance R.16, version 3.0, 2016), step by step:

1. Daily release to water ``Elocal_water`` [kg/d] = yearly release [kg/a] / emission days [d/a].
2. Influent of the sewage treatment plant (STP) ``Clocal_inf`` [mg/L] = Elocal_water × 10⁶ mg/kg
   / (EFFLUENT_stp [m³/d] × 10³ L/m³).
3. Effluent ``Clocal_eff`` [mg/L] = Clocal_inf × Fstp_water (the fraction of the influent that leaves with
   the effluent: not degraded, not on sludge, not volatilised).
4. Suspended-matter partition coefficient ``Kp_susp`` [L/kg] = Foc_susp × Koc.
5. River ``Clocal_water`` [mg/L] = Clocal_eff / ((1 + Kp_susp × SUSP_water [kg/L]) × DILUTION): the dissolved
   concentration after complete mixing.
6. ``PEClocal_water`` = Clocal_water + PECregional_water (0 unless a regional background is given).

Each default carries where it comes from and whether its value was checked against the published text
(:data:`DEFAULTS`). The STP removal depends on the substance's biodegradability, log Kow and Henry's law constant
(the SimpleTreat table of TGD Part II, Appendix II); that table is not shipped, so a caller that knows no removal
fraction gets none (Fstp_water = 1: the first-tier worst case) and the estimate says so.

An estimate is a screening number, never a measurement: callers keep it apart from measured concentrations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MG_PER_KG = 1e6
L_PER_M3 = 1e3
KG_PER_MG = 1e-6
NG_PER_MG = 1e6


@dataclass(frozen=True)
class Default:
    value: float
    unit: str
    source: str
    verified: bool  # the value was read in the published text (False: second-hand or from memory)


TGD = "EC (2003) Technical Guidance Document on Risk Assessment, Part II, section 2.3 (EUR 20418 EN/2)"
R16 = "ECHA (2016) Guidance on IR&CSA, Chapter R.16, version 3.0 (ECHA-16-G-03-EN)"
DEFAULTS: dict[str, Default] = {
    # TGD Table 9 (10,000 inhabitant equivalents × 200 L/d); the unit m³/d and eq. (34) are as published
    "effluent_m3_per_day": Default(2000.0, "m³/d", f"{TGD}, eq. (34) and Table 9", verified=False),
    # R.16 / ECETOC TRA: river flow 18,000 m³/d beside 2,000 m³/d of effluent (freshwater; 100 for the sea)
    "dilution": Default(10.0, "-", f"{TGD}, section 2.3.8.3; {R16}", verified=False),
    "susp_water_mg_per_l": Default(15.0, "mg/L", f"{TGD}, section 2.3.8.3", verified=False),
    "foc_susp": Default(0.1, "kg/kg", f"{TGD}, section 2.3.5 (suspended matter)", verified=False),
    # a continuous industrial release; site-specific days (from the survey) replace it
    "emission_days": Default(300.0, "d/a", f"{TGD}, Appendix I (large production sites)", verified=False),
}


class ExposureError(ValueError):
    """An input outside the model's domain (negative, not finite, a fraction above 1)."""


@dataclass(frozen=True)
class LocalWaterScenario:
    """The receiving situation; the defaults are the EU standard town (:data:`DEFAULTS`)."""

    effluent_m3_per_day: float = DEFAULTS["effluent_m3_per_day"].value
    dilution: float = DEFAULTS["dilution"].value
    susp_water_mg_per_l: float = DEFAULTS["susp_water_mg_per_l"].value
    foc_susp: float = DEFAULTS["foc_susp"].value
    emission_days: float = DEFAULTS["emission_days"].value
    regional_mg_per_l: float = 0.0  # PECregional_water: a background, when known

    def __post_init__(self) -> None:
        for name in ("effluent_m3_per_day", "dilution", "emission_days"):
            _positive(name, getattr(self, name))
        for name in ("susp_water_mg_per_l", "regional_mg_per_l"):
            _not_negative(name, getattr(self, name))
        _fraction("foc_susp", self.foc_susp)
        if self.dilution < 1:
            raise ExposureError("dilution must be at least 1 (the effluent cannot be more concentrated downstream)")
        if self.emission_days > 366:
            raise ExposureError("emission_days must be at most 366")


@dataclass(frozen=True)
class LocalWaterPec:
    """Every step of the calculation, in the guidance's units (mg/L, kg/d, L/kg), so a page can show its working."""

    release_kg_per_year: float
    elocal_kg_per_day: float
    clocal_inf_mg_per_l: float
    fraction_to_effluent: float
    clocal_eff_mg_per_l: float
    kp_susp_l_per_kg: float
    clocal_water_mg_per_l: float
    pec_mg_per_l: float
    removal_known: bool  # False: no STP removal applied (worst case), because the caller knew none
    scenario: LocalWaterScenario

    @property
    def pec_ng_per_l(self) -> float:
        """The PEC in the platform's unit for water (ng/L), as monitoring results are stored."""
        return self.pec_mg_per_l * NG_PER_MG


def _finite(name: str, value: float) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ExposureError(f"{name} must be a finite number")
    return float(value)


def _positive(name: str, value: float) -> None:
    if _finite(name, value) <= 0:
        raise ExposureError(f"{name} must be above 0")


def _not_negative(name: str, value: float) -> None:
    if _finite(name, value) < 0:
        raise ExposureError(f"{name} must not be negative")


def _fraction(name: str, value: float) -> None:
    if not 0 <= _finite(name, value) <= 1:
        raise ExposureError(f"{name} must be between 0 and 1")


def pec_local_water(
    release_kg_per_year: float,
    *,
    koc_l_per_kg: float,
    fraction_to_effluent: float | None = None,
    scenario: LocalWaterScenario | None = None,
) -> LocalWaterPec:
    """The local PEC in surface water of a yearly release to waste water (steps 1–6 of the module doc).

    ``fraction_to_effluent`` is Fstp_water (0–1) for the substance's property class; None applies no removal.
    ``koc_l_per_kg`` is the organic-carbon partition coefficient (L/kg).
    """
    scenario = scenario or LocalWaterScenario()
    _not_negative("release_kg_per_year", release_kg_per_year)
    _not_negative("koc_l_per_kg", koc_l_per_kg)
    removal_known = fraction_to_effluent is not None
    fstp_water = 1.0 if fraction_to_effluent is None else fraction_to_effluent
    _fraction("fraction_to_effluent", fstp_water)
    elocal = release_kg_per_year / scenario.emission_days
    clocal_inf = elocal * MG_PER_KG / (scenario.effluent_m3_per_day * L_PER_M3)
    clocal_eff = clocal_inf * fstp_water
    kp_susp = scenario.foc_susp * koc_l_per_kg
    clocal_water = clocal_eff / ((1 + kp_susp * scenario.susp_water_mg_per_l * KG_PER_MG) * scenario.dilution)
    return LocalWaterPec(
        release_kg_per_year=float(release_kg_per_year), elocal_kg_per_day=elocal, clocal_inf_mg_per_l=clocal_inf,
        fraction_to_effluent=fstp_water, clocal_eff_mg_per_l=clocal_eff, kp_susp_l_per_kg=kp_susp,
        clocal_water_mg_per_l=clocal_water, pec_mg_per_l=clocal_water + scenario.regional_mg_per_l,
        removal_known=removal_known, scenario=scenario,
    )  # fmt: skip


def estimated_rq(pec: LocalWaterPec, pnec_ng_per_l: float) -> float:
    """PEC / PNEC, both in ng/L: an *estimated* risk quotient (callers show it apart from measured RQs)."""
    _positive("pnec_ng_per_l", pnec_ng_per_l)
    return pec.pec_ng_per_l / pnec_ng_per_l


@dataclass(frozen=True)
class SubstanceEstimate:
    """The estimated RQ of one substance over the enterprises that report releasing it to water.

    Each enterprise is its own local scenario (its own receiving water), so the substance's estimate is the worst
    one: the largest release gives the largest local PEC (the model is linear in the release).
    """

    enterprises: int
    release_kg_total: float
    release_kg_worst: float
    pec: LocalWaterPec
    pnec_ng_per_l: float
    rq: float


def estimate_from_releases(
    releases_kg_per_year: Sequence[float],
    *,
    pnec_ng_per_l: float,
    koc_l_per_kg: float = 0.0,
    fraction_to_effluent: float | None = None,
    scenario: LocalWaterScenario | None = None,
) -> SubstanceEstimate | None:
    """The worst local PEC and its estimated RQ for one substance released by several enterprises (kg/a each).

    None when nothing is released (no release, no estimate). ``koc_l_per_kg`` 0 means no sorption to suspended
    matter: the conservative choice when the Koc is unknown.
    """
    for value in releases_kg_per_year:
        _not_negative("release_kg_per_year", value)
    released = [float(value) for value in releases_kg_per_year if value > 0]
    if not released:
        return None
    worst = max(released)
    pec = pec_local_water(worst, koc_l_per_kg=koc_l_per_kg, fraction_to_effluent=fraction_to_effluent,
                          scenario=scenario)  # fmt: skip
    return SubstanceEstimate(
        enterprises=len(released), release_kg_total=math.fsum(released), release_kg_worst=worst, pec=pec,
        pnec_ng_per_l=float(pnec_ng_per_l), rq=estimated_rq(pec, pnec_ng_per_l),
    )  # fmt: skip


def scenario_record(scenario: LocalWaterScenario) -> dict[str, dict[str, object]]:
    """The scenario's values with each default's unit, source and verification, as a run records its inputs."""
    record: dict[str, dict[str, object]] = {}
    for name, default in DEFAULTS.items():
        value = getattr(scenario, name)
        record[name] = {"value": value, "unit": default.unit, "source": default.source,
                        "verified": default.verified, "default": value == default.value}  # fmt: skip
    record["regional_mg_per_l"] = {"value": scenario.regional_mg_per_l, "unit": "mg/L", "source": "",
                                   "verified": False, "default": scenario.regional_mg_per_l == 0}  # fmt: skip
    return record
