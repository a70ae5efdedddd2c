"""The tier engine as the platform uses it: identify the substance, find its list entries, apply the rules."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from npgov.regulations.services.classification import classify_identifiers
from npgov.science.tiers import TierRules, required_tiers

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "tiers.yaml"


@lru_cache(maxsize=1)
def tier_rules() -> TierRules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return TierRules(
        by_list=data["by_list"],
        by_entry={(e["list"], str(e["item"])): e["tier"] for e in data.get("by_entry", [])},
        basic_with_any=bool(data.get("basic_with_any", True)),
    )


def substance_tiers(identifiers: list[str]) -> list[dict[str, Any]]:
    """For each identifier (CAS RN, name, SMILES, InChIKey): ``{"input", "cas", "tiers", "errors"}``."""
    results = []
    for result in classify_identifiers(identifiers):
        memberships = [(m.entry.regulatory_list.code, m.entry.item) for m in result.matches]
        results.append(
            {
                "input": result.input,
                "cas": result.cas or None,
                "tiers": required_tiers(memberships, tier_rules()),
                "errors": result.errors,
            }
        )
    return results
