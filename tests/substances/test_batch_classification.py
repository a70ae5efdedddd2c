"""Classifying many identifiers at once: the same answers as one at a time, with no query per row (issue 17).

The page, the API, the screening job and the survey checks resolve identifiers through
``classify_identifiers``, which reads the registry in bulk; the reference below is the row-by-row
resolution it replaced (one or two queries per identifier).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from npgov.regulations.services import classification, screening
from npgov.regulations.services.classification import classifier_get, classify_identifiers
from npgov.science.chemistry import StructureError, structure_from_text
from npgov.science.identifiers import IdentifierError, is_inchikey, looks_like_cas, normalise_cas, normalise_inchikey
from npgov.substances.selectors import substance_by_cas, substance_by_inchikey, substance_by_name
from npgov.substances.services import substance_apply_structure
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db

PFOA = "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F"
PFOA_OTHER_WAY = "FC(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(=O)O"  # the registry's PFOA, written backwards
IDENTIFIERS = [
    "335-67-1", "1763-23-1", " 108-88-3 ", "50-00-0", "1763-23-2",  # registered, unregistered, a bad check digit
    "甲苯", "TOLUENE", "dichloromethane", "PFOS", "pfoa", "γ-HCH", "methylene chloride",  # names and synonyms
    PFOA, PFOA_OTHER_WAY, "Cc1ccccc1", "[K+].[O-]S(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",
    "ClC(Cl)C(Cl)CC(Cl)CC(Cl)CCC(Cl)CC", "CCCCCCCCCCCO", "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(C(F)(F)F)C(F)(F)F",
    "SNQQPOLDUKLAAF-UHFFFAOYSA-N", "YNQLUTRBYVCPMQ-UHFFFAOYSA-N", "AAAAAAAAAAAAAA-UHFFFAOYSA-N",  # InChIKeys
    "InChI=1S/CH2Cl2/c2-1-3/h1H2", "not a chemical at all", "", "   ", "PFOA", "335-67-1",  # repeats too
]  # fmt: skip


def reference(text: str) -> dict[str, Any]:
    """One identifier resolved row by row, as before issue 17, then classified by the same engine."""
    classifier, entries = classifier_get()
    cas, substance, structure, errors = "", None, None, []
    value = text.strip()
    if not value:
        errors.append("empty")
    elif looks_like_cas(value):
        try:
            cas = normalise_cas(value)
            substance = substance_by_cas(cas=cas)
        except IdentifierError:
            errors.append("cas")
    elif is_inchikey(value):
        substance = substance_by_inchikey(inchikey=normalise_inchikey(value))
        errors += [] if substance else ["inchikey"]
    else:
        substance = substance_by_name(name=value)
        if substance is None:
            try:
                structure = structure_from_text(value)
                substance = substance_by_inchikey(inchikey=structure.inchikey)
            except StructureError:
                errors.append("text")
    if substance is not None and structure is None and substance.smiles:
        structure = structure_from_text(substance.smiles)
    cas = cas or (substance.cas if substance is not None and substance.cas else "")
    matches = []
    if not errors or cas:
        matches = [(entries[m.entry.key].regulatory_list.code, entries[m.entry.key].item, m.basis)
                   for m in classifier.classify(cas=cas or None, structure=structure)]  # fmt: skip
    return {"cas": cas, "substance": substance.pk if substance else None,
            "structure": structure.smiles if structure else None, "matches": matches,
            "errors": len(errors)}  # fmt: skip


def answer(result: Any) -> dict[str, Any]:
    return {"cas": result.cas, "substance": result.substance.pk if result.substance else None,
            "structure": result.structure.smiles if result.structure else None,
            "matches": [(m.entry.regulatory_list.code, m.entry.item, m.basis) for m in result.matches],
            "errors": len(result.errors)}  # fmt: skip


def test_a_batch_answers_each_identifier_as_the_row_by_row_resolution(org: None) -> None:
    batch = classify_identifiers(IDENTIFIERS)
    assert [r.input for r in batch] == IDENTIFIERS
    assert [answer(r) for r in batch] == [reference(text) for text in IDENTIFIERS]
    found = {r.input: r for r in batch}
    assert found[PFOA_OTHER_WAY].substance is not None and found[PFOA_OTHER_WAY].substance.cas == "335-67-1"
    assert found["γ-HCH"].substance is not None and found["γ-HCH"].substance.cas == "58-89-9"
    assert sum(1 for r in batch if r.matches) >= 12


def test_an_ambiguous_name_resolves_to_no_substance_as_before(org: None) -> None:
    SubstanceFactory(name_en="Twin name")
    SubstanceFactory(name_en="twin NAME")
    SubstanceFactory(synonyms="shared synonym | other")
    SubstanceFactory(synonyms="Shared Synonym")
    texts = ["twin name", "shared synonym", "OTHER"]
    assert [answer(r) for r in classify_identifiers(texts)] == [reference(text) for text in texts]
    assert classify_identifiers(["other"])[0].substance is not None


def _queries(texts: list[str]) -> int:
    classifier_get()  # the classifier and registry index are built once per data change, not per batch
    with CaptureQueriesContext(connection) as captured:
        classify_identifiers(texts)
    return len(captured.captured_queries)


def _distinct_inputs(n: int) -> list[str]:
    """n distinct identifiers of every kind: registered CAS RNs and names, unregistered structures, InChIKeys."""
    kinds = ["335-67-1", "甲苯", "PFOS", "SNQQPOLDUKLAAF-UHFFFAOYSA-N", "50-00-0"]
    chains = [f"{'C' * (i % 40 + 1)}{'O' * (i // 40 + 1)}" for i in range(n)]
    return (kinds + chains)[:n]


def test_the_queries_of_a_batch_do_not_grow_with_its_rows(org: None) -> None:
    small, large = _queries(_distinct_inputs(20)), _queries(_distinct_inputs(400))
    assert small == large <= 8


def test_the_screening_job_asks_a_fixed_number_of_queries_per_chunk(org: None, monkeypatch: Any) -> None:
    def screened(n: int) -> int:
        data = ("smiles\n" + "\n".join(_distinct_inputs(n)) + "\n").encode()
        classifier_get()
        with CaptureQueriesContext(connection) as captured:
            result = screening.screening_run(data=data, filename="inventory.csv", progress=lambda done, total: None)
        assert result["rows"] == n
        return len(captured.captured_queries)

    assert screened(30) == screened(300)
    monkeypatch.setattr(classification, "CHUNK", 50)
    monkeypatch.setattr(screening, "CHUNK", 50)
    assert screened(300) <= screened(30) + 5 * 6  # 6 chunks instead of 1: a few queries each, none per row


def test_the_screening_report_leaves_out_what_it_does_not_show(org: None) -> None:
    (registered, unregistered) = classify_identifiers([PFOA_OTHER_WAY, "CCCCCCCCCCCO"])
    assert unregistered.as_json(structure_ids=False)["substance"]["inchikey"] == ""
    assert unregistered.structure is not None and unregistered.structure._inchikey is None  # never computed
    assert registered.as_json(structure_ids=False)["substance"]["inchikey"] == registered.substance.inchikey
    assert unregistered.as_json()["substance"]["inchikey"] == structure_from_text("CCCCCCCCCCCO").inchikey


def test_a_structure_of_a_registered_formula_is_still_looked_up_by_its_inchikey(org: None) -> None:
    isomer = "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(C(F)(F)F)C(F)(F)F"  # C8HF15O2 like PFOA: the key is computed
    (result,) = classify_identifiers([isomer])
    assert result.structure is not None and result.structure._inchikey is not None and result.substance is None
    substance = SubstanceFactory.build(smiles=isomer, name_en="branched PFOA isomer")
    substance_apply_structure(substance)  # the registry's own derivation of the InChIKey and formula
    substance.save()
    (result,) = classify_identifiers([isomer])
    assert result.substance == substance
