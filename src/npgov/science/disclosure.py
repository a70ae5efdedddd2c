"""Where an enterprise's published disclosure (信息公开) and its accepted survey report disagree.

Both sides are reduced to amounts in tonnes per (kind, substance): ``raw_material`` the toxic raw materials
used (the survey's "processing and use" quantities), ``emission`` the toxic substances leaving the site (the
survey's releases to air, water and soil plus transfers off site; the disclosure's emission lines whatever
their medium). Media are not compared: enterprises report them at different granularity.

An amount differs when the two sides are further apart than ``RELATIVE_TOLERANCE`` of the larger one and
also further than ``ABSOLUTE_TOLERANCE_T`` (rounding of small amounts is not a disagreement).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

RELATIVE_TOLERANCE = Decimal("0.10")  # 10 % of the larger amount
ABSOLUTE_TOLERANCE_T = Decimal("0.001")  # 1 kg
KINDS = ("raw_material", "emission")

NOT_DISCLOSED = "not_disclosed"  # in the survey, not in the disclosure
NOT_IN_SURVEY = "not_in_survey"  # in the disclosure, not in the survey
AMOUNT_DIFFERS = "amount_differs"


@dataclass(frozen=True)
class Amount:
    kind: str  # one of KINDS
    substance: Hashable  # any key identifying the substance (its id)
    amount_t: Decimal


@dataclass(frozen=True)
class Difference:
    kind: str
    substance: Hashable
    problem: str  # NOT_DISCLOSED, NOT_IN_SURVEY or AMOUNT_DIFFERS
    survey_t: Decimal | None
    disclosed_t: Decimal | None


def totals(amounts: Iterable[Amount]) -> dict[tuple[str, Hashable], Decimal]:
    """Sum of the amounts per (kind, substance); negative or non-finite amounts are refused."""
    out: dict[tuple[str, Hashable], Decimal] = {}
    for item in amounts:
        if item.kind not in KINDS:
            raise ValueError(f"unknown kind {item.kind!r}")
        value = Decimal(item.amount_t)
        if not value.is_finite() or value < 0:
            raise ValueError("amounts must be finite and not negative")
        key = (item.kind, item.substance)
        out[key] = out.get(key, Decimal(0)) + value
    return out


def differs(survey_t: Decimal, disclosed_t: Decimal) -> bool:
    gap = abs(survey_t - disclosed_t)
    return gap > ABSOLUTE_TOLERANCE_T and gap > RELATIVE_TOLERANCE * max(survey_t, disclosed_t)


def compare(survey: Iterable[Amount], disclosed: Iterable[Amount]) -> list[Difference]:
    """The disagreements between the survey's amounts and the disclosure's, in a stable order.

    A survey amount of zero is not an obligation to disclose (a substance imported but not used, say):
    only amounts above the absolute tolerance count as "in the survey".
    """
    reported, published = totals(survey), totals(disclosed)
    out = []
    for key in sorted(set(reported) | set(published), key=lambda k: (KINDS.index(k[0]), str(k[1]))):
        kind, substance = key
        s, d = reported.get(key), published.get(key)
        if d is None:
            if s is not None and s > ABSOLUTE_TOLERANCE_T:
                out.append(Difference(kind, substance, NOT_DISCLOSED, s, None))
        elif s is None:
            out.append(Difference(kind, substance, NOT_IN_SURVEY, None, d))
        elif differs(s, d):
            out.append(Difference(kind, substance, AMOUNT_DIFFERS, s, d))
    return out
