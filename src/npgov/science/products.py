"""Product test results against content limits: units, reported values, pass or fail (no Django).

A content limit is what a product standard allows of one substance ("each") or of the sum of several
("sum", DEHP + DBP + BBP ≤ 0.1 % in toys), measured as content or as migration. Results and limits are
compared in mg/kg; a non-detect counts as 0 (it adds nothing to a sum), and a value equal to the limit
passes ("not more than"). Errors are returned as codes; the caller words them in the user's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from npgov.science.reported import Kind, ReportedValueError, parse_reported

# Mass fractions the standards and lab reports use, as stored (0.1 % = 1000 mg/kg).
PERCENT = "%"
G_KG = "g/kg"
MG_KG = "mg/kg"
UG_KG = "µg/kg"
# Multiply a value in the unit by this to get mg/kg.
MG_PER_KG = {PERCENT: 10_000.0, G_KG: 1_000.0, MG_KG: 1.0, UG_KG: 0.001}

# How a result is measured, and how a limit combines its substances.
CONTENT = "content"
MIGRATION = "migration"
EACH = "each"
SUM = "sum"

# A sum of floats (0.07 % + 0.03 % as mg/kg) must not fail a limit it only equals.
TOLERANCE = 1e-9

UNIT_ALIASES = {
    "%": PERCENT, "wt%": PERCENT, "%(m/m)": PERCENT, "%(w/w)": PERCENT, "%(质量分数)": PERCENT, "质量分数%": PERCENT,
    "g/kg": G_KG, "mg/kg": MG_KG, "ppm": MG_KG, "mg/kg(ppm)": MG_KG, "µg/kg": UG_KG, "ug/kg": UG_KG, "ppb": UG_KG,
}  # fmt: skip
MEASUREMENT_ALIASES = {
    "": CONTENT, "content": CONTENT, "含量": CONTENT, "总量": CONTENT,
    "migration": MIGRATION, "迁移": MIGRATION, "迁移量": MIGRATION, "可迁移": MIGRATION,
}  # fmt: skip

# Error codes of ``parse_value`` by field.
UNKNOWN_UNIT = "unknown_unit"
NOT_ANALYSED = "not_analysed"  # besides the codes of ReportedValueError: "empty", "negative", "unreadable"


def to_mg_kg(value: float, unit: str) -> float:
    return value * MG_PER_KG[unit]


def from_mg_kg(value: float, unit: str) -> float:
    return value / MG_PER_KG[unit]


def parse_unit(text: str) -> str:
    """A mass-fraction unit as stored ("％" → "%", "ppm" → "mg/kg"); raises ValueError when unknown."""
    folded = text.strip().lower().replace(" ", "").replace("％", "%").replace("／", "/").replace("（", "(")
    folded = folded.replace("）", ")").replace("μ", "µ")
    if folded not in UNIT_ALIASES:
        raise ValueError(text)
    return UNIT_ALIASES[folded]


@dataclass(frozen=True)
class ParsedValue:
    reported: str
    detected: bool
    value: float | None  # as reported in ``unit``; for a non-detect, the limit the lab wrote, if any
    unit: str
    mg_kg: float  # 0 for a non-detect


def parse_value(text: str, unit_text: str) -> tuple[ParsedValue | None, dict[str, str]]:
    """A reported value and unit, or error codes by field ("value", "unit").

    Codes: "unit" → ``UNKNOWN_UNIT``; "value" → "empty", "negative", "unreadable" or ``NOT_ANALYSED``.
    """
    errors: dict[str, str] = {}
    unit = ""
    try:
        unit = parse_unit(unit_text)
    except ValueError:
        errors["unit"] = UNKNOWN_UNIT
    try:
        reported = parse_reported(text)
    except ReportedValueError as exc:
        errors["value"] = exc.code
        return None, errors
    if reported.kind == Kind.NOT_ANALYSED:
        errors["value"] = NOT_ANALYSED
    if errors:
        return None, errors
    detected = reported.kind == Kind.NUMBER
    mg_kg = to_mg_kg(reported.number, unit) if detected and reported.number is not None else 0.0
    return ParsedValue(text.strip(), detected, reported.number, unit, mg_kg), {}


@dataclass(frozen=True)
class LimitSpec:
    pk: int
    substance_ids: frozenset[int]
    basis: str
    measurement: str
    limit_mg_kg: float


@dataclass(frozen=True)
class ResultSpec:
    pk: int
    substance_id: int
    measurement: str
    mg_kg: float  # 0 for a non-detect


@dataclass(frozen=True)
class Judgement:
    limit: int
    failed: bool
    compared_mg_kg: float

    def ratio(self, limits: dict[int, LimitSpec]) -> float:
        return self.compared_mg_kg / limits[self.limit].limit_mg_kg


def judge(results: list[ResultSpec], limits: list[LimitSpec]) -> dict[int, Judgement | None]:
    """For each result, the judgement that decides it: a failing limit first, else the one it comes closest to.

    A "sum" limit compares the sum of the sample's results for its substances (non-detects add 0) and
    judges every one of those results by it; an "each" limit compares each result alone. A value equal
    to the limit passes ("not more than"). Only results measured the way the limit is (content or
    migration) are compared.
    """
    by_result: dict[int, list[Judgement]] = {r.pk: [] for r in results}
    for limit in limits:
        members = [r for r in results if r.substance_id in limit.substance_ids and r.measurement == limit.measurement]
        if limit.basis == SUM:
            total = math.fsum(r.mg_kg for r in members)
            compared = [(r, total) for r in members]
        else:
            compared = [(r, r.mg_kg) for r in members]
        for result, value in compared:
            failed = value - limit.limit_mg_kg > TOLERANCE * limit.limit_mg_kg
            by_result[result.pk].append(Judgement(limit=limit.pk, failed=failed, compared_mg_kg=value))
    specs = {limit.pk: limit for limit in limits}
    return {
        pk: max(judgements, key=lambda j: (j.failed, j.ratio(specs)), default=None)
        for pk, judgements in by_result.items()
    }


def significant(value: float) -> float:
    """Drop binary noise (0.12000000000000001 → 0.12) from a value shown to people."""
    return float(f"{value:.10g}")
