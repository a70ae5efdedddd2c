"""The classifier's fast paths answer exactly as the plain evaluation they replace (issue 17, item 7).

- perfluoroalkyl chains found by substructure searches (C++) equal the walk over every atom in Python;
- the rules picked once per element set equal every rule with its own element pre-screen;
- a structure's cached formula and elements equal RDKit's formula of the molecule as given.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from npgov.science.chemistry import elements_of, heavy_atom_formula, structure_from_text
from npgov.science.classification import Classifier, EntrySpec
from npgov.science.grouprules import Prepared, compile_rule, perfluoroalkyl_chains

DATA = Path(__file__).resolve().parents[2] / "src/npgov/regulations/data"
CLASSES = yaml.safe_load((DATA / "rules/antibiotic_classes.yaml").read_text(encoding="utf-8"))["classes"]

EDGE_CASES = [
    "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",  # PFOA
    "OS(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",  # PFOS
    "FC(F)(F)C(F)(F)C(F)(C(F)(F)F)C(F)(F)C(=O)O",  # branched
    "FC1(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C1(F)F",  # a perfluorinated ring: no atom outside the group
    "FC(F)(Cl)C(F)(F)C(F)(F)CCO",  # a chlorinated end carbon is not perfluorinated
    "OCCC(F)(F)C(F)(F)CCC(F)(F)C(F)(F)C(F)(F)F",  # two separate chains
    "[O-]C(=O)C(F)(F)C(F)(F)C(F)(F)F.[Na+]",  # a salt
    "FC(F)=C(F)C(F)(F)F",  # sp2 carbons are not counted
    "[C-](F)(F)C(F)(F)F",  # a carbanion
    "C(F)(F)(F)C(F)(F)N(C(F)(F)F)C(F)(F)C(F)(F)F",  # chains meeting at a nitrogen
    "FC(F)(F)c1ccc(C(F)(F)F)cc1",  # two CF3 on a ring
    "CC(F)(F)C(F)(F)[Si](C)(C)C(F)(F)C(F)(F)C(F)(F)F",
    "CCCCCC",
    "[2H]C(F)(F)C(F)(F)F",  # a deuterated carbon carries a hydrogen
]


def _walk(mol: Chem.Mol) -> list[tuple[int, list[int]]]:
    """The reference: every atom tested in Python, chains walked through neighbours (the code before issue 17)."""

    def perfluorinated(atom: Chem.Atom) -> bool:
        if atom.GetSymbol() != "C" or atom.GetTotalNumHs() or atom.GetHybridization() != Chem.HybridizationType.SP3:
            return False
        symbols = [n.GetSymbol() for n in atom.GetNeighbors()]
        return "F" in symbols and not any(s in ("Cl", "Br", "I", "H") for s in symbols)

    flagged = {a.GetIdx() for a in mol.GetAtoms() if perfluorinated(a)}
    chains, seen = [], set()
    for start in sorted(flagged):
        if start in seen:
            continue
        members, stack = [], [start]
        seen.add(start)
        while stack:
            index = stack.pop()
            members.append(index)
            for neighbour in mol.GetAtomWithIdx(index).GetNeighbors():
                j = neighbour.GetIdx()
                if j in flagged and j not in seen:
                    seen.add(j)
                    stack.append(j)
        attached = sorted({n.GetIdx() for i in members for n in mol.GetAtomWithIdx(i).GetNeighbors()
                           if n.GetIdx() not in flagged and n.GetSymbol() != "F"})  # fmt: skip
        chains.append((len(members), attached))
    return chains


def _random_fluorinated(rng: random.Random) -> str:
    """A random chain or ring with F, Cl, H and hetero atoms mixed in."""
    atoms = []
    for _ in range(rng.randint(1, 14)):
        substituents = "".join(f"({rng.choice(['F', 'F', 'F', 'Cl', 'O', 'C'])})" for _ in range(rng.randint(0, 2)))
        atoms.append(rng.choice(["C", "C", "C", "N", "O", "S"]) + substituents if atoms else "C" + substituents)
    smiles = "".join(atoms) + rng.choice(["F", "C(=O)O", "S(=O)(=O)O", "Cl", ""])
    return smiles if Chem.MolFromSmiles(smiles) is not None else "CF"


@pytest.mark.parametrize("smiles", EDGE_CASES)
def test_perfluoro_chains_by_substructure_search_equal_the_walk(smiles: str) -> None:
    structure = structure_from_text(smiles)
    assert perfluoroalkyl_chains(structure.parent) == _walk(structure.parent)


def test_perfluoro_chains_of_random_fluorinated_structures_equal_the_walk() -> None:
    rng = random.Random(17)
    smiles = [_random_fluorinated(rng) for _ in range(1000)]
    differing = [s for s in smiles if perfluoroalkyl_chains(Chem.MolFromSmiles(s)) != _walk(Chem.MolFromSmiles(s))]
    assert not differing
    assert sum(1 for s in smiles if _walk(Chem.MolFromSmiles(s))) > 80  # the sample has chains to compare


def _list_rules() -> list[EntrySpec]:
    specs = []
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            rule = compile_rule(entry.get("group_rule"), classes=CLASSES)
            if rule is not None:
                specs.append(EntrySpec(key=(data["list"]["code"], entry["item"]), list_code=data["list"]["code"],
                                       item=str(entry["item"]), rule=rule))  # fmt: skip
    return specs


STRUCTURES = [
    *EDGE_CASES,
    "ClC(Cl)C(Cl)CC(Cl)CC(Cl)CCC(Cl)CC",  # an SCCP
    "Clc1ccc(cc1)-c1ccc(Cl)c(Cl)c1",  # a PCB
    "Clc1cc2Oc3cc(Cl)c(Cl)cc3Oc2cc1Cl",  # a dioxin
    "OC(=O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O",  # ciprofloxacin
    "Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1",  # sulfamethoxazole
    "CCCCCCCCCc1ccc(O)cc1",  # 4-nonylphenol
    "[K+].[K+].[O-][Cr](=O)(=O)O[Cr](=O)(=O)[O-]",
    "[Cd+2].[Cl-].[Cl-]",
    "Oc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",  # PCP
    "CCCC[Sn](CCCC)(CCCC)Cl",  # a tributyltin
    "[Na+].[C-]#N",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
]


@pytest.mark.parametrize("smiles", STRUCTURES)
def test_the_rules_picked_by_element_set_equal_every_rule_with_its_pre_screen(smiles: str) -> None:
    specs = _list_rules()
    structure = structure_from_text(smiles)
    expected = set()
    prepared = Prepared(structure)
    for spec in specs:
        hit = spec.rule.evaluate(prepared) if spec.rule is not None else None
        if hit is not None:
            expected.add((spec.key, hit.code, tuple(sorted(hit.params.items()))))
    found = {(m.entry.key, m.hit.code, tuple(sorted(m.hit.params.items())))
             for m in Classifier(specs).classify(structure=structure) if m.hit is not None}  # fmt: skip
    assert found == expected


def test_the_structures_above_do_match_rules() -> None:
    classifier = Classifier(_list_rules())
    assert sum(1 for s in STRUCTURES if classifier.classify_smiles(s)) >= 12  # the comparison above is not vacuous


@pytest.mark.parametrize("smiles", [*STRUCTURES, "[NH4+].[O-]C(=O)C(F)(F)C(F)(F)F", "OC(=O)CC.[Na]"])
def test_a_structures_formula_and_elements_are_those_of_the_molecule_as_given(smiles: str) -> None:
    structure = structure_from_text(smiles)
    assert structure.formula == rdMolDescriptors.CalcMolFormula(structure.mol)
    assert structure.elements == elements_of(structure.mol)


def test_the_heavy_atom_formula_drops_hydrogen_and_charge() -> None:
    assert heavy_atom_formula("C8HF15O2") == heavy_atom_formula("C8F15O2-") == "C8F15O2"
    assert heavy_atom_formula("C2H3NaO2") == "C2Na1O2"
    assert heavy_atom_formula("CH4") == "C1"
