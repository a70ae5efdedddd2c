"""The substance registry: identifiers checked at the edge, structures derived, search by any name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from npgov.regulations.models import ListMember
from npgov.substances.models import Substance
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_the_seed_registry_has_structures_and_identifiers(org: None) -> None:
    pfos_k = Substance.objects.get(cas="2795-39-3")
    assert pfos_k.formula == "C8F17KO3S"
    assert pfos_k.parent_inchikey == "YFSUTJLHUFNCNZ-UHFFFAOYSA-N"  # PFOS, the free acid
    assert pfos_k.history.count() == 1


@pytest.mark.parametrize("text", ["75-09-2", "二氯甲烷", "dichloromethane", "methylene chloride", "CH2Cl2"])
def test_it_finds_a_substance_by_any_identifier_or_name(personas: Personas, text: str) -> None:
    response = client_for(personas.enterprise).get(reverse("substances:substance_list"), {"q": text})
    assert "75-09-2" in response.content.decode()


def test_the_form_rejects_a_wrong_cas_check_digit_and_a_bad_smiles(personas: Personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("substances:substance_add"), {"cas": "75-09-3", "name_zh": "坏", "kind": "single", "smiles": "C(("}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "校验位应为 2" in page and "无法解析该 SMILES" in page
    assert not Substance.objects.filter(name_zh="坏").exists()


def test_the_form_derives_the_structure_and_normalises_the_cas(personas: Personas) -> None:
    ListMember.objects.filter(cas="50-00-0").update(substance=None)
    Substance.objects.filter(cas="50-00-0").delete()
    response = client_for(personas.bureau).post(
        reverse("substances:substance_add"),
        {"cas": "０００５０-００-０", "name_zh": "甲醛", "name_en": "formaldehyde", "kind": "single", "smiles": "C=O"},
    )
    assert response.status_code == 302
    created = Substance.objects.get(name_en="formaldehyde")
    assert (created.cas, created.formula, created.inchikey) == ("50-00-0", "CH2O", "WSFSSNUMVMOOMR-UHFFFAOYSA-N")


def test_a_bulk_import_reports_bad_identifiers_by_row_and_saves_nothing(personas: Personas) -> None:
    before = Substance.objects.count()
    content = "cas,name_zh,smiles\n50-00-0,甲醛,C=O\n75-09-3,错号,ClCCl\n,无名,C((\n".encode()
    response = client_for(personas.bureau).post(
        reverse("substances:substance_import"), {"file": SimpleUploadedFile("s.csv", content)}
    )
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert errors == {(3, "cas"), (4, "smiles")}, errors
    assert Substance.objects.count() == before


def test_the_api_creates_a_substance_with_derived_identifiers(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.bureau)
    payload = {"cas": "1634-04-4", "name_en": "methyl tert-butyl ether", "smiles": "COC(C)(C)C"}
    Substance.objects.filter(cas="1634-04-4").delete()
    response = client.post("/api/substances/substances/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["formula"] == "C5H12O" and response.json()["inchikey"]
    duplicate = client.post("/api/substances/substances/", payload, format="json")
    assert duplicate.status_code == 400 and "cas" in duplicate.json()
    bad = client.post("/api/substances/substances/", {"name_en": "x", "smiles": "C(("}, format="json")
    assert bad.status_code == 400 and "smiles" in bad.json()


def test_other_roles_cannot_change_the_registry(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.department)
    assert client.post("/api/substances/substances/", {"name_en": "x"}, format="json").status_code == 403


def test_property_values_are_imported_with_their_source(personas: Personas) -> None:
    content = (
        b"substance,name,qualifier,value,unit,basis,reliability,source\n"
        b"75-09-2,log_kow,=,1.25,,experimental,2,OECD SIDS\n"
        b"1763-23-2,log_kow,=,5,,estimated,,x\n"
    )
    url = reverse("substances:property_import")
    response = client_for(personas.bureau).post(url, {"file": SimpleUploadedFile("p.csv", content)})
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "substance")]
    fixed = content.replace(b"1763-23-2", b"1763-23-1")
    assert client_for(personas.bureau).post(url, {"file": SimpleUploadedFile("p.csv", fixed)}).status_code == 302
    dcm = Substance.objects.get(cas="75-09-2")
    page = client_for(personas.expert).get(dcm.get_absolute_url()).content.decode()
    assert "OECD SIDS" in page and "1.25" in page
