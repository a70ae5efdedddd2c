"""The survey tier engine: `npgov survey tier --json`."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from npgov.science.tiers import TierRules, required_tiers

pytestmark = pytest.mark.django_db


def tiers(*identifiers: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("survey", "tier", "--json", *identifiers, stdout=out)
    return json.loads(out.getvalue())


def test_pfos_and_dichloromethane_require_the_key_control_tier(org: None) -> None:
    pfos, dcm = tiers("1763-23-1", "二氯甲烷")
    assert pfos["tiers"][0] == "key" and "convention" in pfos["tiers"] and "basic" in pfos["tiers"]
    assert dcm["cas"] == "75-09-2" and dcm["tiers"][0] == "key"


def test_a_priority_control_chemical_requires_the_detailed_tier(org: None) -> None:
    (toluene,) = tiers("toluene")  # on the second priority control list only
    assert toluene["tiers"] == ["detailed", "basic"]


def test_mercury_compounds_are_convention_information(org: None) -> None:
    (mercury,) = tiers("Cl[Hg]Cl")
    assert "convention" in mercury["tiers"] and "detailed" in mercury["tiers"]


def test_a_substance_on_no_list_gets_no_tier_and_a_bad_cas_an_error(org: None) -> None:
    ethanol, bad = tiers("ethanol", "75-09-3")
    assert ethanol["tiers"] == [] and ethanol["errors"] == []
    assert bad["tiers"] == [] and "75-09-3" in bad["errors"][0]


def test_the_command_needs_an_identifier(org: None) -> None:
    with pytest.raises(CommandError):
        call_command("survey", "tier")


def test_the_rules_order_tiers_and_add_basic() -> None:
    rules = TierRules(by_list={"A": "detailed", "B": "key"}, by_entry={("A", "9"): "convention"})
    assert required_tiers([("A", "1"), ("B", "2")], rules) == ["key", "detailed", "basic"]
    assert required_tiers([("A", "9")], rules) == ["detailed", "convention", "basic"]
    assert required_tiers([("C", "1")], rules) == []
