"""Group rules evaluated on structures: each rule type, on members and near misses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from npgov.science.chemistry import structure_from_text
from npgov.science.grouprules import Prepared, compile_rule, perfluoroalkyl_chains

DATA = Path(__file__).resolve().parents[2] / "src/npgov/regulations/data"
CLASSES = yaml.safe_load((DATA / "rules/antibiotic_classes.yaml").read_text(encoding="utf-8"))["classes"]
F7 = "C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F"  # C7F15
SCCP = {"type": "chlorinated_paraffin", "carbon_min": 10, "carbon_max": 13, "chlorine_mass_fraction_min": 0.48}
PFOA = {"type": "perfluoroalkyl_chain", "target": "PFOA"}


def hit(rule_spec: dict, smiles: str):  # type: ignore[no-untyped-def]
    rule = compile_rule(rule_spec, classes=CLASSES)
    assert rule is not None
    return rule.evaluate(Prepared(structure_from_text(smiles)))


def chlorinated_dodecane(chlorines: int) -> str:
    """n-C12 with chlorines on distinct carbons."""
    atoms = ["C(Cl)" if i < chlorines else "C" for i in range(12)]
    return "".join(atoms)


def test_sccp_rule_takes_a_c12_paraffin_above_48_percent_chlorine() -> None:
    result = hit(SCCP, chlorinated_dodecane(6))  # C12H20Cl6: 55.6 % Cl
    assert result is not None and result.params["carbons"] == 12 and result.params["chlorine_fraction"] > 0.48


def test_sccp_rule_leaves_a_c12_paraffin_at_40_percent_chlorine() -> None:
    smiles = chlorinated_dodecane(4)  # C12H22Cl4: 46 %
    fraction_40 = chlorinated_dodecane(3)  # C12H23Cl3: 38.9 %
    assert hit(SCCP, fraction_40) is None
    assert hit(SCCP, smiles) is None


def test_sccp_rule_leaves_other_chain_lengths_and_branched_chains() -> None:
    assert hit(SCCP, "ClCC(Cl)C(Cl)C(Cl)C(Cl)C(Cl)C(Cl)CCl") is None  # C8
    assert hit(SCCP, "CC(C)(Cl)C(Cl)C(Cl)C(Cl)C(Cl)C(Cl)CCCCl") is None  # branched


def test_pfoa_rule_takes_the_acid_its_branched_isomer_and_a_fluorotelomer() -> None:
    assert hit(PFOA, f"OC(=O){F7}").code == "perfluoro_acid"
    assert hit(PFOA, "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(C(F)(F)F)C(F)(F)F").code == "perfluoro_acid"
    assert hit(PFOA, "OCCC(F)(F)" + F7).code == "pfoa_related"  # 8:2 FTOH degrades to PFOA


@pytest.mark.parametrize(
    ("name", "smiles"),
    [
        ("PFOS", "OS(=O)(=O)C(F)(F)" + F7),
        ("PFOSF", "FS(=O)(=O)C(F)(F)" + F7),
        ("PFNA", "OC(=O)C(F)(F)" + F7),
        ("perfluorooctyl bromide", "BrC(F)(F)" + F7),
        ("PFHpS", "OS(=O)(=O)" + F7),
        ("PFHxA", "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F"),
    ],
)
def test_pfoa_rule_leaves_the_compounds_the_convention_excludes(name: str, smiles: str) -> None:
    assert hit(PFOA, smiles) is None, name


def test_perfluoro_chains_count_fully_fluorinated_carbons() -> None:
    structure = structure_from_text("OS(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F")
    assert [length for length, _ in perfluoroalkyl_chains(structure.parent)] == [6]


def test_element_rule_and_chromium_vi() -> None:
    cd = {"type": "element_compounds", "element": "Cd", "include_element": True}
    cr6 = {"type": "element_compounds", "element": "Cr", "include_element": False, "oxidation_state": 6}
    assert hit(cd, "[Cd+2].[Cl-].[Cl-]") is not None
    assert hit(cd, "[Cd]") is not None
    assert hit(cr6, "[K+].[K+].[O-][Cr](=O)(=O)O[Cr](=O)(=O)[O-]") is not None
    assert hit(cr6, "O=[Cr]O[Cr]=O") is None  # chromium(III) oxide


def test_scaffold_rule_counts_halogens_and_forbids_other_substituents() -> None:
    pcb = {"type": "halogenated_scaffold", "halogen": "Cl", "count_min": 1, "count_max": 10,
           "scaffolds": [{"name": "biphenyl", "smarts": "c1ccc(cc1)-c1ccccc1"}]}  # fmt: skip
    assert hit(pcb, "Clc1ccc(cc1Cl)-c1ccc(Cl)c(Cl)c1").params["count"] == 4
    assert hit(pcb, "Clc1ccc(cc1C)-c1ccccc1") is None  # a methyl group
    assert hit(pcb, "c1ccc(cc1)-c1ccccc1") is None  # no chlorine


def test_alkyl_phenol_rule_takes_nonylphenol_isomers_only() -> None:
    rule = {"type": "alkyl_phenol", "alkyl_carbons": 9}
    assert hit(rule, "CCCCCCCCCc1ccc(O)cc1") is not None
    assert hit(rule, "CC(C)CC(C)(C)CCc1ccc(O)cc1") is not None  # branched C9
    assert hit(rule, "CCCCCCCCc1ccc(O)cc1") is None  # octylphenol
    assert hit(rule, "CCCCc1cc(CCCCC)ccc1O") is None  # two chains


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("OC(=O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O", "fluoroquinolones"),  # ciprofloxacin
        ("CCn1cc(C(=O)O)c(=O)c2ccc(C)nc21", "quinolones"),  # nalidixic acid
        ("Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1", "sulfonamides"),  # sulfamethoxazole
        ("CN(C)C1C2CC3C(=C(O)c4c(O)cccc4C3(C)O)C(=O)C2(O)C(O)=C(C(N)=O)C1=O", "tetracyclines"),
        ("CC1(C)SC2C(NC(=O)C(N)c3ccc(O)cc3)C(=O)N2C1C(=O)O", "beta_lactams"),  # amoxicillin
        ("OCC(NC(=O)C(Cl)Cl)C(O)c1ccc(cc1)[N+](=O)[O-]", "amphenicols"),  # chloramphenicol
    ],
)
def test_antibiotic_classes(smiles: str, expected: str) -> None:
    rule = {"type": "curated_list", "structural_classes": ["sulfonamides", "fluoroquinolones", "quinolones",
                                                           "tetracyclines", "beta_lactams", "amphenicols"]}  # fmt: skip
    assert hit(rule, smiles).params["class"] == expected


@pytest.mark.parametrize("smiles", ["Cc1ccccc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "O=C1CCCCCCCCCCCO1", "O=C1CCCCCN1"])
def test_antibiotic_classes_leave_ordinary_chemicals(smiles: str) -> None:
    rule = {"type": "curated_list", "structural_classes": list(CLASSES)}
    assert hit(rule, smiles) is None


def test_every_rule_in_the_shipped_list_files_compiles() -> None:
    for path in DATA.glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            compile_rule(entry.get("group_rule"), classes=CLASSES)


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("OC(=O)" + F7, True),  # PFOA
        ("OC(=O)C(F)(F)F", True),  # trifluoroacetic acid
        ("FCC(F)(F)F", True),  # HFC-134a
        ("FC(F)(F)c1ccccc1", True),  # benzotrifluoride
        ("CC(F)F", False),  # HFC-152a: the CHF2 carbon carries H
        ("FC(F)(Cl)C(F)(F)Cl", False),  # CFC-114: Cl on each carbon
        ("Fc1ccccc1", False),
        ("FC(F)=C(F)F", False),  # tetrafluoroethylene: sp2 carbons
    ],
)
def test_the_oecd_2021_pfas_definition(smiles: str, expected: bool) -> None:
    assert (hit({"type": "oecd_pfas"}, smiles) is not None) is expected
