"""A group entry matches the generic or mixture CAS RNs it is known by, as well as its structural rule (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from npgov.regulations.services.classification import classify_identifier
from npgov.regulations.services.loading import group_cas_numbers, list_files
from npgov.science.identifiers import normalise_cas

pytestmark = pytest.mark.django_db

PCB_153 = "Clc1ccc(-c2ccc(Cl)c(Cl)c2Cl)c(Cl)c1Cl"  # a hexachlorobiphenyl, not in the registry by CAS


def _matches(text: str) -> dict[tuple[str, str], str]:
    return {(m.entry.regulatory_list.code, m.entry.item): m.basis for m in classify_identifier(text).matches}


def _group_entries() -> list[tuple[str, dict[str, Any], str]]:
    found = []
    for path in list_files():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        code = data["list"]["code"]
        for entry in data["entries"]:
            for cas in group_cas_numbers(entry.get("group_rule")):
                found.append((code, entry, cas))
    return found


def test_pcbs_generic_cas_classifies_into_pops_and_the_key_controlled_list() -> None:
    matches = _matches("1336-36-3")
    assert matches.get(("POPS", "POP-09")) == "cas"
    assert matches.get(("CN-KCNP-2023", "14")) == "cas"


def test_a_pcb_structure_matches_item_14_of_the_key_controlled_list_too() -> None:
    matches = _matches(PCB_153)
    assert matches.get(("POPS", "POP-09")) == "group-rule"
    assert matches.get(("CN-KCNP-2023", "14")) == "group-rule"


def test_the_explanation_names_the_group() -> None:
    result = classify_identifier("1336-36-3")
    item_14 = next(m for m in result.matches if m.entry.item == "14" and m.entry.regulatory_list.code == "CN-KCNP-2023")
    assert "1336-36-3" in item_14.explanation
    assert "多氯联苯" in item_14.explanation or "Polychlorinated biphenyls" in item_14.explanation


def test_shipped_lists_declare_group_cas_numbers() -> None:
    codes = {(code, entry["item"]) for code, entry, _cas in _group_entries()}
    assert {("CN-KCNP-2023", "14"), ("CN-SRTC", "1"), ("CN-SRTC", "9")} <= codes


@pytest.mark.parametrize(("code", "item", "cas"), [(c, e["item"], cas) for c, e, cas in _group_entries()])
def test_every_group_cas_of_every_shipped_list_classifies_into_its_entry(code: str, item: str, cas: str) -> None:
    assert normalise_cas(cas) == cas, "write the CAS RN in canonical form"
    assert _matches(cas).get((code, item)) == "cas"


def _unverified_group_cas() -> list[tuple[str, str, str]]:
    found = []
    for path in list_files():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for entry in data["entries"]:
            named = {str(m.get("cas")) for m in entry.get("members") or []}
            for item in (entry.get("group_rule") or {}).get("group_cas") or []:
                if not item.get("verified") and str(item["cas"]) not in named:
                    found.append((data["list"]["code"], entry["item"], str(item["cas"])))
    return found


@pytest.mark.parametrize(("code", "item", "cas"), _unverified_group_cas())
def test_an_unverified_group_cas_is_kept_out_of_classification(code: str, item: str, cas: str) -> None:
    # Standing rule: a fact not yet checked against its source never decides a classification.
    assert _matches(cas).get((code, item)) != "cas"


def test_unverified_numbers_exist_to_be_kept_out() -> None:
    assert _unverified_group_cas(), "the check above would pass vacuously"


def test_every_group_cas_has_a_source_and_a_verified_flag() -> None:
    for path in list_files():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for entry in data["entries"]:
            for item in (entry.get("group_rule") or {}).get("group_cas") or []:
                assert item.get("source"), (data["list"]["code"], entry["item"], item["cas"])
                assert isinstance(item.get("verified"), bool), (data["list"]["code"], entry["item"], item["cas"])
