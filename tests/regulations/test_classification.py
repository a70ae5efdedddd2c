"""Classification through the command line, the API and the page (issue: "which list, and why?")."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

SCCP_52 = "C(Cl)C(Cl)CC(Cl)CC(Cl)CCC(Cl)CCC"  # C12H21Cl5: 51.7 % Cl
CP_40 = "ClCCCCC(Cl)CCCCCCCl"  # C12H23Cl3: 38.9 % Cl — below the SCCP threshold


def cli(*identifiers: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("classify", "--json", *identifiers, stdout=out)
    return json.loads(out.getvalue())


def entries(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(m["list"], m["entry"]): m["basis"] for m in result["matches"]}


def test_potassium_pfos_and_ammonium_pfoa_match_their_entries(org: None) -> None:
    k_pfos, apfo = cli("2795-39-3", "3825-26-1")
    assert entries(k_pfos)[("CN-KCNP-2023", "1")] in ("cas", "parent")
    assert entries(apfo)[("CN-KCNP-2023", "2")] in ("cas", "parent")
    assert k_pfos["substance"]["inchikey"] and apfo["substance"]["smiles"]


def test_a_pfos_salt_not_named_on_a_list_matches_by_its_parent(org: None) -> None:
    (result,) = cli("2795-39-3")
    assert entries(result)[("POPS", "POP-21")] in ("cas", "parent")


def test_sccp_group_rule_takes_52_percent_and_leaves_40_percent(org: None) -> None:
    high, low = cli(SCCP_52, CP_40)
    assert entries(high)[("CN-KCNP-2023", "4")] == "group-rule"
    assert "51.7%" in next(m["explanation"] for m in high["matches"] if m["entry"] == "4")
    assert ("CN-KCNP-2023", "4") not in entries(low)


@pytest.mark.parametrize(
    ("identifier", "entry"),
    [
        ("二氯甲烷", ("CN-KCNP-2023", "10")),
        ("chloroform", ("CN-KCNP-2023", "11")),
        ("1163-19-5", ("CN-KCNP-2023", "3")),  # decaBDE
        ("CCCCCCCCCc1ccc(O)cc1", ("CN-KCNP-2023", "12")),  # 4-nonylphenol
        ("ciprofloxacin", ("CN-KCNP-2023", "13")),
    ],
)
def test_named_key_controlled_substances_match(org: None, identifier: str, entry: tuple[str, str]) -> None:
    (result,) = cli(identifier)
    assert entry in entries(result), result


def test_toluene_is_on_the_second_priority_list_only(org: None) -> None:
    (result,) = cli("toluene")
    assert {key[0] for key in entries(result)} == {"CN-PCC-2"}


@pytest.mark.parametrize("identifier", ["ethanol", "acetone", "ethyl acetate", "64-17-5", "CCO"])
def test_common_solvents_match_nothing(org: None, identifier: str) -> None:
    (result,) = cli(identifier)
    assert result["matches"] == [] and result["errors"] == []


def test_a_bad_check_digit_is_an_error_entry_not_a_crash(org: None) -> None:
    bad, good = cli("1763-23-2", "1763-23-1")
    assert bad["matches"] == [] and "1763-23-2" in bad["errors"][0]
    assert good["input"] == "1763-23-1" and good["matches"]


def test_an_unknown_but_valid_cas_is_still_matched_by_membership(org: None) -> None:
    from npgov.regulations.models import ListMember
    from npgov.substances.models import Substance

    ListMember.objects.filter(cas="2795-39-3").update(substance=None)
    Substance.objects.filter(cas="2795-39-3").delete()
    (result,) = cli("2795-39-3")
    assert entries(result)[("CN-KCNP-2023", "1")] == "cas"


def test_the_cli_reads_a_file_and_keeps_input_order(org: None, tmp_path: Any) -> None:
    path = tmp_path / "in.txt"
    path.write_text("toluene\n\n75-09-2\nnot a chemical\n", encoding="utf-8")
    out = io.StringIO()
    call_command("classify", "--json", "--file", str(path), stdout=out)
    results = json.loads(out.getvalue())
    assert [r["input"] for r in results] == ["toluene", "75-09-2", "not a chemical"]
    assert results[2]["errors"] and not results[2]["matches"]


def test_the_api_answers_the_same_as_the_cli(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.enterprise)
    response = client.post("/api/classify/", {"identifiers": ["2795-39-3", "acetone", SCCP_52]}, format="json")
    assert response.status_code == 200
    assert [entries(r) for r in response.json()] == [entries(r) for r in cli("2795-39-3", "acetone", SCCP_52)]


def test_the_api_leaves_out_computed_structure_ids_when_asked(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.enterprise)
    unregistered = "CCCCCCCCCCCCCCCCCC(=O)OCC"  # ethyl stearate-like chain: not in the reference registry
    full = client.post("/api/classify/", {"identifiers": [unregistered]}, format="json").json()[0]
    assert full["substance"]["inchikey"] and full["substance"]["smiles"]
    for word in (False, "否", "no", "0"):
        lean = client.post("/api/classify/", {"identifiers": [unregistered], "structure_ids": word}, format="json")
        assert lean.status_code == 200, word
        assert lean.json()[0]["substance"]["inchikey"] == "" and lean.json()[0]["substance"]["smiles"] == ""
        assert entries(lean.json()[0]) == entries(full)
    refused = client.post("/api/classify/", {"identifiers": [unregistered], "structure_ids": "maybe"}, format="json")
    assert refused.status_code == 400 and "structure_ids" in refused.json().get("errors", refused.json())


def test_the_api_validates_its_input(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.enterprise)
    assert client.post("/api/classify/", {"identifiers": []}, format="json").status_code == 400
    assert APIClient().post("/api/classify/", {"identifiers": ["x"]}, format="json").status_code == 401


def test_the_page_shows_matches_with_their_reasons(personas: Personas) -> None:
    response = client_for(personas.district).post(reverse("regulations:classify"), {"identifiers": "3825-26-1\n甲苯"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "CN-KCNP-2023 2" in page and "CN-PCC-2" in page and "按母体结构" in page  # the basis by its label


def test_the_page_exports_the_results_to_excel(personas: Personas) -> None:
    from openpyxl import load_workbook

    response = client_for(personas.bureau).post(
        reverse("regulations:classify"), {"identifiers": "75-09-2", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][1] == "75-09-2" and any(row[4] == "CN-KCNP-2023" for row in rows[1:])


def test_the_page_says_what_is_wrong_with_empty_input(personas: Personas) -> None:
    page = client_for(personas.bureau).post(reverse("regulations:classify"), {"identifiers": "  "}).content.decode()
    assert "invalid-feedback" in page


def test_a_quaternary_ammonium_disinfectant_is_not_taken_for_a_pfos_salt(org: None) -> None:
    # the PFOS entry names didecyldimethylammonium perfluorooctanesulfonate; DDAC shares only the cation
    (result,) = cli("CCCCCCCCCC[N+](C)(C)CCCCCCCCCC.[Cl-]")
    assert ("CN-KCNP-2023", "1") not in entries(result)


def test_a_stereo_less_structure_matches_a_named_stereoisomer_with_a_warning(org: None) -> None:
    (result,) = cli("ClC1C(Cl)C(Cl)C(Cl)C(Cl)C1Cl")  # hexachlorocyclohexane, stereochemistry not given
    parent_matches = [m for m in result["matches"] if m["basis"] == "parent"]
    assert parent_matches and all("立体" in m["explanation"] for m in parent_matches)


def test_trimethoprim_and_an_mccp_cas_are_recognised(org: None) -> None:
    trimethoprim, mccp = cli("COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC", "85535-85-9")
    assert entries(trimethoprim)[("CN-KCNP-2023", "13")] == "group-rule"
    assert entries(mccp)[("POPS", "POP-36")] == "cas"


def test_the_page_flags_pfas_by_the_oecd_definition(personas: Personas) -> None:
    page = (
        client_for(personas.bureau)
        .post(reverse("regulations:classify"), {"identifiers": "3825-26-1\nOC(=O)C(F)(F)F\ntoluene"})
        .content.decode()
    )
    assert page.count("PFAS (OECD 2021)") == 2  # APFO and trifluoroacetic acid, not toluene


@pytest.mark.parametrize(
    ("smiles", "entry", "expected"),
    [
        ("OP(O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F", ("CN-KCNP-2023", "2"), False),  # PFOPA
        (
            "COC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",
            ("CN-KCNP-2023", "2"),
            False,
        ),  # methyl PFNA
        ("COC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F", ("POPS", "POP-37"), True),
        (
            "OCCC(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",
            ("POPS", "POP-37"),
            True,
        ),  # 10:2 FTOH
        ("[O-1]S(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F", ("POPS", "POP-21"), True),
        ("O=S(=O)(O[K])C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F", ("POPS", "POP-21"), True),
        ("O=[Cr]=O", ("CN-PCC-1", "PC010"), False),  # chromium(IV) oxide
        ("[Cr+6].[O-2].[O-2].[O-2]", ("CN-PCC-1", "PC010"), True),
        ("CCCC[Sn](CCCC)(CCCC)CCCC", ("CN-SRTC", "6"), False),  # tetrabutyltin
        ("CCCC[Sn](CCCC)(CCCC)O[Sn](CCCC)(CCCC)CCCC", ("CN-SRTC", "6"), True),  # TBTO
        ("OC(c1ccc(F)cc1)CCC1C(=O)N(c2ccc(F)cc2)C1c1ccc(O)cc1", ("CN-KCNP-2023", "13"), False),  # ezetimibe
        ("NCC1OC(OC2C(N)CC(N)C(OC3OC(CO)C(O)C(N)C3O)C2O)C(O)C(O)C1O", ("CN-KCNP-2023", "13"), True),  # kanamycin
    ],
)
def test_the_group_rules_take_or_leave_each_borderline_structure(
    org: None, smiles: str, entry: tuple[str, str], expected: bool
) -> None:
    (result,) = cli(smiles)
    assert (entry in entries(result)) is expected, result["matches"]


def test_rebuilding_the_classifier_does_not_grow_the_rule_cache(org: None) -> None:
    from npgov.regulations.services.classification import _build
    from npgov.science import grouprules

    _build()
    size = len(grouprules._compiled)
    _build()
    assert len(grouprules._compiled) == size
