"""Ecological risk quotients (RQ = MEC / PNEC) and drinking-water health risk (HQ, cancer risk, HI).

RQ categories as issue #6 fixes them: low (< 0.1), medium (0.1 to < 1), high (≥ 1). The MEC statistic is chosen
per run — ``max``, ``p95`` (Kaplan–Meier P95, NADA quantile()) or ``km_mean`` (NADA cenfit() mean), both from
:mod:`npgov.science.censored` — and is returned beside the number. Non-detects are handled honestly: when
nothing was detected the RQ is only an upper bound LOQ / PNEC, and when that bound is ≥ 1 (the LOQ is not below
the PNEC) the answer is "cannot conclude", never "low".

Health risk follows the US EPA RAGS Part A intake equation that HJ 25.3-2019 adapts:
HQ = C × IR × EF × ED / (BW × AT × RfD), cancer risk = C × IR × EF × ED / (BW × AT) × SF, HI = Σ HQ.
Default exposure parameters carry their source and a ``verified`` flag, so the UI can show which were checked.

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal, TypedDict

from numpy.typing import ArrayLike

from npgov.science.mec import (  # noqa: F401  (MEC_METHODS, exposure_concentration: also read from here)
    MEC_METHODS,
    Concentration,
    MecStatistic,
    exposure_concentration,
)

RQCategory = Literal["low", "medium", "high", "cannot conclude"]
RQ_LOW, RQ_HIGH = 0.1, 1.0  # issue #6: low < 0.1 ≤ medium < 1 ≤ high


class RQResult(TypedDict):
    mec: float | None
    mec_statistic: str  # the statistic actually used (may fall back to "max", see notes)
    pnec: float
    rq: float | None
    rq_is_upper_bound: bool  # True when nothing was detected: rq = LOQ / PNEC
    category: RQCategory
    notes: list[str]


def rq_category(rq: float) -> RQCategory:
    """Band of a risk quotient: low < 0.1 ≤ medium < 1 ≤ high."""
    if rq < RQ_LOW:
        return "low"
    return "medium" if rq < RQ_HIGH else "high"


def risk_quotient(*, mec: float | None, pnec: float, loq: float | None = None, statistic: str = "max") -> RQResult:
    """RQ of one site and substance from a precomputed MEC; ``mec=None`` means never detected (give the LOQ)."""
    if not pnec > 0:
        raise ValueError("pnec must be positive")
    if mec is not None:
        rq = mec / pnec
        return RQResult(
            mec=mec,
            mec_statistic=statistic,
            pnec=pnec,
            rq=rq,
            rq_is_upper_bound=False,
            category=rq_category(rq),
            notes=[],
        )
    if loq is None:
        raise ValueError("a substance never detected needs its LOQ")
    bound = loq / pnec
    if bound >= RQ_HIGH:
        note = f"never detected, but the LOQ ({loq:g}) is not below the PNEC ({pnec:g}): risk cannot be excluded"
        return RQResult(
            mec=None,
            mec_statistic="< LOQ",
            pnec=pnec,
            rq=bound,
            rq_is_upper_bound=True,
            category="cannot conclude",
            notes=[note],
        )
    note = f"never detected: RQ < LOQ / PNEC = {bound:.3g}, the category is the band of that upper bound"
    return RQResult(
        mec=None,
        mec_statistic="< LOQ",
        pnec=pnec,
        rq=bound,
        rq_is_upper_bound=True,
        category=rq_category(bound),
        notes=[note],
    )


def concentration_risk_quotient(concentration: Concentration, *, pnec: float) -> RQResult:
    """RQ of one site and substance from its MEC (:func:`npgov.science.mec.exposure_concentration`).

    Never detected (``upper_bound``): the RQ is the upper bound LOQ / PNEC; otherwise MEC / PNEC with the
    statistic actually used and the MEC's notes.
    """
    if concentration["upper_bound"]:
        return risk_quotient(mec=None, pnec=pnec, loq=concentration["value"])
    result = risk_quotient(mec=concentration["value"], pnec=pnec, statistic=concentration["statistic"])
    result["notes"] = concentration["notes"]
    return result


def site_risk_quotient(
    *, values: ArrayLike, censored: ArrayLike, pnec: float, statistic: MecStatistic = "max"
) -> RQResult:
    """RQ of one site and substance from its results; a non-detect is its LOQ with ``censored=True``."""
    concentration = exposure_concentration(values=values, censored=censored, statistic=statistic)
    return concentration_risk_quotient(concentration, pnec=pnec)


# --- drinking-water health risk -----------------------------------------------------------------------------------


class Parameter(TypedDict):
    value: float
    unit: str
    source: str
    verified: bool  # True only when the value was checked against the source named


Population = Literal["adult", "child"]

_LIFETIME = "US EPA RAGS Part A (1989): lifetime 70 a for cancer averaging time — not checked against HJ 25.3-2019"
_RAGS_CHILD = "US EPA (1991) OSWER 9285.6-03 child residential default, used because the 2016 children's volume "
_RAGS_CHILD += "of the Chinese handbook could not be checked"

# Default exposure parameters, editable per run (see exposure_parameters()).
DEFAULT_EXPOSURE: dict[str, dict[str, Parameter]] = {
    "adult": {
        "ir": Parameter(value=1.85, unit="L/d", verified=True, source=(
            "中国人群暴露参数手册（成人卷）(2013) survey: national adult mean drinking-water intake 1 850 mL/d — "
            "郑婵娟 et al., 我国成人饮水摄入量研究, 环境与健康杂志 2014, 31(11): 967-970")),
        "bw": Parameter(value=60.6, unit="kg", verified=False, source=(
            "中国人群暴露参数手册（成人卷）(2013), national adult mean body weight, as recalled — not checked")),
        "ef": Parameter(value=365.0, unit="d/a", verified=False, source="daily drinking water (assumption)"),
        "ed": Parameter(value=30.0, unit="a", verified=False, source="US EPA RAGS residential adult default"),
        "at_cancer": Parameter(value=70 * 365.0, unit="d", verified=False, source=_LIFETIME),
    },
    "child": {
        "ir": Parameter(value=1.0, unit="L/d", verified=False, source=_RAGS_CHILD),
        "bw": Parameter(value=15.0, unit="kg", verified=False, source=_RAGS_CHILD),
        "ef": Parameter(value=365.0, unit="d/a", verified=False, source="daily drinking water (assumption)"),
        "ed": Parameter(value=6.0, unit="a", verified=False, source=_RAGS_CHILD),
        "at_cancer": Parameter(value=70 * 365.0, unit="d", verified=False, source=_LIFETIME),
    },
}  # fmt: skip


class Exposure(TypedDict):
    ir: float  # drinking-water intake, L/d
    bw: float  # body weight, kg
    ef: float  # exposure frequency, d/a
    ed: float  # exposure duration, a
    at_noncancer: float  # averaging time for non-cancer effects = ED × 365 d
    at_cancer: float  # averaging time for cancer = lifetime, d


def exposure_parameters(population: Population = "adult", **overrides: float) -> Exposure:
    """The default parameters of a population with any of ir, bw, ef, ed, at_cancer replaced for this run."""
    defaults = DEFAULT_EXPOSURE[population]
    unknown = set(overrides) - set(defaults)
    if unknown:
        raise ValueError(f"unknown exposure parameter(s): {sorted(unknown)}")
    p = {name: overrides.get(name, param["value"]) for name, param in defaults.items()}
    if any(not (v > 0 and math.isfinite(v)) for v in p.values()):
        raise ValueError("exposure parameters must be positive numbers")
    return Exposure(
        ir=p["ir"], bw=p["bw"], ef=p["ef"], ed=p["ed"], at_noncancer=p["ed"] * 365.0, at_cancer=p["at_cancer"]
    )


def daily_intake(c_mg_l: float, exposure: Exposure, *, cancer: bool = False) -> float:
    """Chronic daily intake, mg/(kg·d): C × IR × EF × ED / (BW × AT)."""
    at = exposure["at_cancer"] if cancer else exposure["at_noncancer"]
    return c_mg_l * exposure["ir"] * exposure["ef"] * exposure["ed"] / (exposure["bw"] * at)


def hazard_quotient(*, c_mg_l: float, rfd: float, exposure: Exposure) -> float:
    """HQ = intake / RfD (RfD in mg/(kg·d)); above 1 the intake exceeds the reference dose."""
    return daily_intake(c_mg_l, exposure) / rfd


def cancer_risk(*, c_mg_l: float, slope_factor: float, exposure: Exposure) -> float:
    """Lifetime excess cancer risk = lifetime-averaged intake × SF (SF in (mg/(kg·d))⁻¹)."""
    return daily_intake(c_mg_l, exposure, cancer=True) * slope_factor


class HealthRisk(TypedDict):
    hq: dict[str, float]
    cancer_risk: dict[str, float]
    hazard_index: float
    total_cancer_risk: float
    exposure: Exposure


def drinking_water_risk(
    *,
    concentrations_mg_l: Mapping[str, float],
    rfd: Mapping[str, float],
    slope_factors: Mapping[str, float] | None = None,
    exposure: Exposure,
) -> HealthRisk:
    """HQ per substance, HI = Σ HQ, and cancer risk where a slope factor is known; keys are substance ids (CAS)."""
    sf = slope_factors or {}
    hq = {
        k: hazard_quotient(c_mg_l=c, rfd=rfd[k], exposure=exposure) for k, c in concentrations_mg_l.items() if k in rfd
    }
    cr = {k: cancer_risk(c_mg_l=c, slope_factor=sf[k], exposure=exposure)
          for k, c in concentrations_mg_l.items() if k in sf}  # fmt: skip
    return HealthRisk(
        hq=hq, cancer_risk=cr, hazard_index=sum(hq.values()), total_cancer_risk=sum(cr.values()), exposure=exposure
    )


# --- the verdict on a drinking-water source ------------------------------------------------------------------------

HQ_CONCERN, CANCER_RISK_CONCERN = 1.0, 1e-6  # HQ > 1; cancer risk above 10⁻⁶ (HJ 25.3-2019 acceptable level)


class SiteHealthRisk(TypedDict):
    detected: dict[str, HealthRisk]  # per population: the substances detected at the site
    bounds: dict[str, HealthRisk]  # per population: the never-detected substances, each at its LOQ (upper bounds)
    concern: bool  # HI > 1 or total cancer risk > 10⁻⁶ for a population, from detected substances alone
    cannot_conclude: bool  # not of concern, but an upper bound alone could reach a threshold


def site_health_risk(
    *,
    concentrations_mg_l: Mapping[str, float],
    upper_bound: Mapping[str, bool],
    rfd: Mapping[str, float],
    slope_factors: Mapping[str, float],
    exposures: Mapping[str, Exposure],
) -> SiteHealthRisk:
    """HQ, HI and cancer risk at one drinking-water source per population, and the site's verdict.

    Never-detected series enter as upper bounds (at the LOQ): shown per substance, kept out of HI and total
    risk, and a site whose bounds alone could reach a threshold is "cannot conclude", not "of concern".
    """
    detected = {k: c for k, c in concentrations_mg_l.items() if not upper_bound[k]}
    undetected = {k: c for k, c in concentrations_mg_l.items() if upper_bound[k]}
    per_pop = {pop: drinking_water_risk(concentrations_mg_l=detected, rfd=rfd, slope_factors=slope_factors,
                                        exposure=exposure) for pop, exposure in exposures.items()}  # fmt: skip
    bound_pop = {pop: drinking_water_risk(concentrations_mg_l=undetected, rfd=rfd, slope_factors=slope_factors,
                                          exposure=exposure) for pop, exposure in exposures.items()}  # fmt: skip
    concern = any(risk["hazard_index"] > HQ_CONCERN or risk["total_cancer_risk"] > CANCER_RISK_CONCERN
                  for risk in per_pop.values())  # fmt: skip
    bound_reaches = any(v >= HQ_CONCERN for risk in bound_pop.values() for v in risk["hq"].values()) or any(
        v > CANCER_RISK_CONCERN for risk in bound_pop.values() for v in risk["cancer_risk"].values())  # fmt: skip
    return SiteHealthRisk(detected=per_pop, bounds=bound_pop, concern=concern,
                          cannot_conclude=bound_reaches and not concern)  # fmt: skip
