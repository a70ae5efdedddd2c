"""PBT / vPvB screening against REACH Annex XIII, and PNEC derivation with EU TGD assessment factors.

Every criterion is answered ``met``, ``not met`` or ``insufficient data`` together with the datum that decided
it, because a screening list is only trusted when an officer can see *why* a substance is on it.

Criteria — REACH (Regulation (EC) No 1907/2006) Annex XIII section 1 as replaced by Regulation (EU) No 253/2011;
text checked against https://www.weka.at/brandschutz/Vorschriften/REACH-Verordnung/Anhang-XIII/1-PBT-Stoffe
(amended German text), https://reachonline.eu/reach/cs/priloha-xiii-1-1.2-1.2.2.html (vB: BCF > 5 000) and
ECHA Guidance R.11 Table R.11-1 as quoted at https://sfsafetyconsulting.com.br/en/news/how-to-evaluate-the-
biodegradation-and-bioaccumulation-of-a-product-in-the-environment:

* P: half-life > 60 d marine water, > 40 d fresh/estuarine water, > 180 d marine sediment, > 120 d fresh/estuarine
  sediment, > 120 d soil;  vP: > 60 d in any water, > 180 d in any sediment, > 180 d soil;
* B: BCF > 2 000;  vB: BCF > 5 000 (aquatic species);
* T: long-term NOEC or EC10 (marine or freshwater organisms) < 0.01 mg/L, or classified Carc. 1A/1B, Muta. 1A/1B,
  Repr. 1A/1B/2, or STOT RE 1/2 (CLP, Regulation (EC) No 1272/2008).

Endocrine disruption is *not* one of the Annex XIII T criteria in that text, so it is reported beside T and does
not change it. The log Kow screening rule (log Kow ≤ 4.5 → not B; above 4.5 "potentially B", a BCF is needed)
is ECHA Guidance R.11's screening criterion, as registrants quote it (e.g. ECHA registration dossiers 12448 and
11024 on echa.europa.eu); it is marked ``screening`` in the result.

PNEC — EU Technical Guidance Document (2003) Part II section 3.3.1.1 and Table 16 (also ECHA Guidance R.10):
1000 on the lowest short-term L(E)C50 when the base set (algae, invertebrates, fish) is complete; 100 on one
long-term NOEC (fish or invertebrates); 50 on the lowest of long-term NOECs from two trophic levels; 10 on the
lowest of long-term NOECs from three trophic levels. The 1000 and 10 rules are checked against the TGD text
(https://www.yumpu.com/en/document/view/7259852/technical-guidance-documents-institute-for-health-and-consumer-/108)
and REACH Annex I footnote to 3.3.1; the 100 and 50 rules and their notes on the most acutely sensitive trophic
level are transcribed from Table 16 as recalled, not re-checked here.

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, TypedDict

Status = Literal["met", "not met", "insufficient data"]
TrophicLevel = Literal["algae", "invertebrates", "fish"]
TROPHIC_LEVELS: tuple[TrophicLevel, ...] = ("algae", "invertebrates", "fish")

# Annex XIII 1.1.1 (P) and 2.1 (vP): half-life thresholds in days; a criterion is met above ("higher than") them.
P_HALF_LIFE_DAYS = {"marine_water": 60.0, "fresh_water": 40.0, "marine_sediment": 180.0, "fresh_sediment": 120.0,
                    "soil": 120.0}  # fmt: skip
VP_HALF_LIFE_DAYS = {"marine_water": 60.0, "fresh_water": 60.0, "marine_sediment": 180.0, "fresh_sediment": 180.0,
                     "soil": 180.0}  # fmt: skip
B_BCF = 2000.0  # Annex XIII 1.1.2
VB_BCF = 5000.0  # Annex XIII 2.2
B_SCREENING_LOG_KOW = 4.5  # ECHA R.11 screening: log Kow ≤ 4.5 → not B
T_NOEC_MG_L = 0.01  # Annex XIII 1.1.3(a), NOEC or EC10
# Annex XIII 1.1.3(b) and (c): CLP classifications that make a substance T, normalised (lower case, no spaces).
T_CLASSIFICATIONS = frozenset(
    {"carc.1a", "carc.1b", "muta.1a", "muta.1b", "repr.1a", "repr.1b", "repr.2", "stotre1", "stotre2"}
)


class Criterion(TypedDict):
    status: Status
    basis: str  # what decided it, in words
    datum: float | str | None  # the value used (a half-life, BCF, log Kow, NOEC or classification)
    threshold: float | None
    screening: bool  # True when decided by a screening indicator (log Kow), not by the Annex XIII datum


class PBTResult(TypedDict):
    P: Criterion
    vP: Criterion
    B: Criterion
    vB: Criterion
    T: Criterion
    PBT: Status
    vPvB: Status
    endocrine_disruptor: bool | None  # reported, not part of Annex XIII T
    notes: list[str]


def _criterion(status: Status, basis: str, datum: float | str | None = None, threshold: float | None = None,
               screening: bool = False) -> Criterion:  # fmt: skip
    return Criterion(status=status, basis=basis, datum=datum, threshold=threshold, screening=screening)


def _persistence(half_lives: Mapping[str, float], thresholds: Mapping[str, float], name: str) -> Criterion:
    """Met when any compartment's half-life exceeds its threshold; "not met" covers only the compartments given."""
    unknown = set(half_lives) - set(thresholds)
    if unknown:
        raise ValueError(f"unknown half-life compartment(s): {sorted(unknown)}; use {sorted(thresholds)}")
    if not half_lives:
        return _criterion("insufficient data", f"no degradation half-life given for {name}")
    for compartment, days in half_lives.items():
        if days > thresholds[compartment]:
            return _criterion(
                "met", f"half-life in {compartment} > {thresholds[compartment]:g} d", days, thresholds[compartment]
            )
    missing = sorted(set(thresholds) - set(half_lives))
    worst = max(half_lives, key=lambda c: half_lives[c] / thresholds[c])
    basis = f"no half-life above its threshold (closest: {worst})"
    if missing:
        basis += f"; not assessed: {', '.join(missing)}"
    return _criterion("not met", basis, half_lives[worst], thresholds[worst])


def _bioaccumulation(bcf: float | None, log_kow: float | None, threshold: float) -> Criterion:
    if bcf is not None:
        status: Status = "met" if bcf > threshold else "not met"
        return _criterion(status, f"BCF {'>' if bcf > threshold else '≤'} {threshold:g}", bcf, threshold)
    if log_kow is None:
        return _criterion("insufficient data", "neither BCF nor log Kow given")
    if log_kow <= B_SCREENING_LOG_KOW:
        return _criterion("not met", "screening: log Kow ≤ 4.5 (ECHA R.11)", log_kow, B_SCREENING_LOG_KOW, True)
    return _criterion(
        "insufficient data",
        "screening: log Kow > 4.5, potentially B — a measured BCF is needed",
        log_kow,
        B_SCREENING_LOG_KOW,
        True,
    )


def _normalise_classification(text: str) -> str:
    return "".join(text.lower().split())


def t_classifications(classifications: Iterable[str]) -> list[str]:
    """The entries among ``classifications`` that make a substance T by Annex XIII 1.1.3(b)/(c) (CMR, STOT RE)."""
    return [text for text in classifications if _normalise_classification(text) in T_CLASSIFICATIONS]


def _toxicity(noec_mg_l: float | None, classifications: Iterable[str] | None) -> Criterion:
    if noec_mg_l is not None and noec_mg_l < T_NOEC_MG_L:
        return _criterion("met", "long-term NOEC/EC10 < 0.01 mg/L", noec_mg_l, T_NOEC_MG_L)
    classes = None if classifications is None else list(classifications)
    matching = t_classifications(classes or [])
    if matching:
        return _criterion("met", "CLP classification CMR or STOT RE (Annex XIII 1.1.3(b)/(c))", matching[0])
    if noec_mg_l is None or classes is None:
        missing = [what for what, v in (("a long-term NOEC/EC10", noec_mg_l), ("the CLP classification", classes))
                   if v is None]  # fmt: skip
        return _criterion(
            "insufficient data", f"T not shown and {' and '.join(missing)} unknown", noec_mg_l, T_NOEC_MG_L
        )
    return _criterion("not met", "NOEC/EC10 ≥ 0.01 mg/L and no CMR/STOT RE classification", noec_mg_l, T_NOEC_MG_L)


def _all_of(*statuses: Status) -> Status:
    if "not met" in statuses:
        return "not met"
    return "met" if all(s == "met" for s in statuses) else "insufficient data"


def pbt_assess(
    *,
    half_lives_days: Mapping[str, float] | None = None,
    bcf: float | None = None,
    log_kow: float | None = None,
    noec_mg_l: float | None = None,
    classifications: Iterable[str] | None = None,
    endocrine_disruptor: bool | None = None,
) -> PBTResult:
    """PBT and vPvB status of one substance against Annex XIII, each criterion with the datum that decided it.

    ``half_lives_days`` maps compartments (marine_water, fresh_water, marine_sediment, fresh_sediment, soil) to
    half-lives. ``classifications`` are CLP entries such as "Carc. 1B" or "STOT RE 2"; pass an empty list for
    "known not classified" and None for "not known" — only the former lets T be "not met".
    """
    half_lives = dict(half_lives_days or {})
    result = PBTResult(
        P=_persistence(half_lives, P_HALF_LIFE_DAYS, "P"),
        vP=_persistence(half_lives, VP_HALF_LIFE_DAYS, "vP"),
        B=_bioaccumulation(bcf, log_kow, B_BCF),
        vB=_bioaccumulation(bcf, log_kow, VB_BCF),
        T=_toxicity(noec_mg_l, classifications),
        PBT="insufficient data",
        vPvB="insufficient data",
        endocrine_disruptor=endocrine_disruptor,
        notes=[],
    )
    result["PBT"] = _all_of(result["P"]["status"], result["B"]["status"], result["T"]["status"])
    result["vPvB"] = _all_of(result["vP"]["status"], result["vB"]["status"])
    if endocrine_disruptor:
        result["notes"].append("endocrine disruptor: not an Annex XIII T criterion; consider SVHC Art. 57(f)")
    return result


# --- PNEC ------------------------------------------------------------------------------------------------------


class Endpoint(TypedDict):
    species: str
    trophic_level: TrophicLevel
    duration: Literal["short-term", "long-term"]  # short-term L(E)C50, long-term NOEC/EC10
    value: float  # any concentration unit; the PNEC comes out in the same unit


class PNECDerivation(TypedDict):
    pnec: float | None
    assessment_factor: int | None
    endpoint: Endpoint | None  # the endpoint divided by the factor
    rule: str  # the TGD Table 16 line applied, or why none applies
    notes: list[str]


def _lowest_by_level(endpoints: list[Endpoint], duration: str) -> dict[str, Endpoint]:
    lowest: dict[str, Endpoint] = {}
    for e in endpoints:
        level = e["trophic_level"]
        if e["duration"] == duration and (level not in lowest or e["value"] < lowest[level]["value"]):
            lowest[level] = e
    return lowest


def pnec_derive(endpoints: Iterable[Endpoint]) -> PNECDerivation:
    """PNEC for fresh water = lowest relevant endpoint / assessment factor, per EU TGD Part II Table 16.

    Returns the derivation: the endpoint used, the factor and the rule, so the number can be checked by hand.
    The TGD's notes are applied as warnings: a chronic-based factor of 100 or 50 is meant for NOECs that include
    the trophic level most sensitive in short-term tests.
    """
    items = list(endpoints)
    for e in items:
        if e["trophic_level"] not in TROPHIC_LEVELS:
            raise ValueError(f"trophic_level must be one of {TROPHIC_LEVELS}: {e['trophic_level']!r}")
        if not e["value"] > 0:
            raise ValueError(f"endpoint values must be positive: {e['species']} {e['value']!r}")
    chronic, acute = _lowest_by_level(items, "long-term"), _lowest_by_level(items, "short-term")
    notes: list[str] = []
    sensitive = min(acute.values(), key=lambda e: e["value"])["trophic_level"] if acute else None
    if len(chronic) >= 3:
        return _pnec(chronic, 10, "long-term NOECs from three trophic levels (TGD Table 16: AF 10)", notes)
    if len(chronic) == 2:
        if sensitive and sensitive not in chronic:
            notes.append(f"the NOECs do not cover the most acutely sensitive level ({sensitive}): TGD wants AF 100")
        return _pnec(chronic, 50, "long-term NOECs from two trophic levels (TGD Table 16: AF 50)", notes)
    if len(chronic) == 1 and set(chronic) <= {"fish", "invertebrates"}:
        if sensitive and sensitive not in chronic:
            notes.append(f"the NOEC is not from the most acutely sensitive level ({sensitive}): TGD wants AF 1000")
        return _pnec(chronic, 100, "one long-term NOEC, fish or invertebrates (TGD Table 16: AF 100)", notes)
    if len(acute) == 3:
        if chronic:
            notes.append("an algal NOEC alone does not lower the factor (TGD 3.3.1.1)")
        return _pnec(
            acute, 1000, "short-term L(E)C50 from algae, invertebrates and fish (TGD Table 16: AF 1000)", notes
        )
    missing = [level for level in TROPHIC_LEVELS if level not in acute]
    rule = (
        f"insufficient data: TGD Table 16 needs the short-term base set (missing: {', '.join(missing)}) "
        "or a long-term NOEC"
    )
    return PNECDerivation(pnec=None, assessment_factor=None, endpoint=None, rule=rule, notes=notes)


def _pnec(lowest: Mapping[str, Endpoint], factor: int, rule: str, notes: list[str]) -> PNECDerivation:
    endpoint = min(lowest.values(), key=lambda e: e["value"])
    return PNECDerivation(
        pnec=endpoint["value"] / factor, assessment_factor=factor, endpoint=endpoint, rule=rule, notes=notes
    )
