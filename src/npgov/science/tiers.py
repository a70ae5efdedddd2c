"""Which information tiers of the chemical environmental information survey a substance requires.

The survey (化学物质环境信息统计调查制度, 环办固体函〔2023〕202号) asks for four scopes of information:
basic (基本信息) for the substances in its scope, detailed (详细信息) for those of the priority risk
assessment plan and the priority control chemicals lists, key-control (重点管控信息) for the key
controlled new pollutants, and convention (公约履约信息) for POPs and mercury. The mapping from
lists to tiers is data (surveys/data/tiers.yaml); this function only applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TIER_ORDER = ("key", "detailed", "convention", "basic")


@dataclass(frozen=True)
class TierRules:
    by_list: Mapping[str, str]  # list code -> tier
    by_entry: Mapping[tuple[str, str], str]  # (list code, entry item) -> tier, e.g. mercury compounds
    basic_with_any: bool = True  # a substance in any higher tier is in the basic scope too


def required_tiers(memberships: Iterable[tuple[str, str]], rules: TierRules) -> list[str]:
    """The tiers, most demanding first, for a substance on the given (list code, entry item) pairs."""
    tiers = set()
    for code, item in memberships:
        if code in rules.by_list:
            tiers.add(rules.by_list[code])
        if (code, item) in rules.by_entry:
            tiers.add(rules.by_entry[(code, item)])
    if tiers and rules.basic_with_any:
        tiers.add("basic")
    return [tier for tier in TIER_ORDER if tier in tiers]


# What a survey line must state beyond the basic fields (activity, annual quantity, uses, releases),
# by tier. NPGov's operationalisation of the survey's tiers; the official form's field list is not
# in NPGov (see surveys/data/tiers.yaml).
TIER_FIELDS: dict[str, tuple[str, ...]] = {
    "detailed": ("process", "disposal"),
    "key": ("control_measures",),
    "convention": ("exempted_use",),
}


def missing_tier_fields(tiers: Iterable[str], details: Mapping[str, object]) -> list[str]:
    """The extra fields a line still lacks for its tiers (empty text counts as missing)."""
    missing = []
    for tier in tiers:
        for name in TIER_FIELDS.get(tier, ()):
            if not str(details.get(name) or "").strip() and name not in missing:
                missing.append(name)
    return missing
