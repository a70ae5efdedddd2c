"""Structural group rules of regulatory list entries, declared as data and evaluated on RDKit molecules.

Most entries of China's key controlled new pollutants list are groups ("PFOA, its salts and related
compounds", "SCCPs", "antibiotics"). The list data files (regulations/data/*.yaml) describe each
group with a ``group_rule`` mapping; :func:`compile_rule` turns one into a :class:`GroupRule`
whose ``evaluate`` answers with a :class:`RuleHit` (a code plus the measured values, so the caller
can word the explanation in the user's language) or None.

Rule types: ``perfluoroalkyl_chain``, ``chlorinated_paraffin``, ``element_compounds``,
``halogenated_scaffold``, ``smarts``, ``alkyl_phenol``, ``oecd_pfas`` (the OECD 2021 PFAS definition),
``structural_classes`` (antibiotics), and
``curated_list`` / ``parent_of_members`` (membership only: handled by CAS and parent matching).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rdkit import Chem

from npgov.science.chemistry import Structure, average_molecular_weight, formula_counts

HALOGENS = {"F", "Cl", "Br", "I"}
CARBOXYLIC_HEAD = "C(=O)[OX2H1,OX1-]"
SULFONYL_HEAD = "S(=O)(=O)"

# Defaults for perfluoroalkyl targets whose rule only names the target (``same_as`` entries).
PERFLUORO_TARGETS: dict[str, dict[str, Any]] = {
    "PFOA": {"head_group_smarts": CARBOXYLIC_HEAD, "chain_length": 8, "related": "pfoa"},
    "PFHxS": {"head_group_smarts": SULFONYL_HEAD, "chain_length": 6, "related": "sulfonyl"},
    "LC-PFCAs": {"head_group_smarts": CARBOXYLIC_HEAD, "chain_length_min": 9, "chain_length_max": 21},
}


@dataclass(frozen=True)
class RuleHit:
    """Why a structure falls under a group: a code and the values that decided it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class Prepared:
    """A structure with the facts rules ask for, each computed once on demand."""

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.mol = structure.mol
        self.parent = structure.parent

    @cached_property
    def elements(self) -> frozenset[str]:
        return self.structure.elements

    @cached_property
    def parent_counts(self) -> dict[str, int]:
        """Atom counts of the parent by element (implicit hydrogens included), from its formula."""
        return formula_counts(self.structure.parent_formula)

    @cached_property
    def parent_elements(self) -> frozenset[str]:
        return frozenset(self.parent_counts) - {"H"}

    @cached_property
    def perfluoro_chains(self) -> list[tuple[int, list[int]]]:
        """Perfluoroalkyl chains of the parent: (number of perfluorinated carbons, attached atom indices)."""
        return perfluoroalkyl_chains(self.parent)


# A fully fluorinated sp3 carbon (OECD 2021): at least one F, no H, Cl, Br or I attached. The chains are found
# from three substructure searches run by RDKit in C++ (the carbons, their bonds to each other, their other
# neighbours): a Python walk over the atoms of every fluorinated structure cost more than parsing it.
_PF = "[#6^3;H0;$(*F);!$(*[Cl,Br,I])]"
_PERFLUORINATED_CARBON = Chem.MolFromSmarts(_PF)
_PF_PF_BOND = Chem.MolFromSmarts(f"{_PF}~{_PF}")
_PF_NEIGHBOUR = Chem.MolFromSmarts(f"{_PF}~[!#9;!$({_PF})]")


def perfluoroalkyl_chains(mol: Chem.Mol) -> list[tuple[int, list[int]]]:
    """Connected groups of perfluorinated carbons and the atoms (other than F) they are bonded to.

    In the order of each group's lowest atom index; attached atoms sorted.
    """
    limit = max(1000, 4 * mol.GetNumBonds())  # never truncated (RDKit stops at 1,000 matches by default)
    flagged = sorted(m[0] for m in mol.GetSubstructMatches(_PERFLUORINATED_CARBON, maxMatches=limit))
    if not flagged:
        return []
    root = {index: index for index in flagged}  # union-find over the C-C bonds between flagged carbons

    def find(index: int) -> int:
        while root[index] != index:
            root[index] = root[root[index]]
            index = root[index]
        return index

    for a, b in mol.GetSubstructMatches(_PF_PF_BOND, maxMatches=limit):
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    groups: dict[int, tuple[list[int], set[int]]] = {}
    for index in flagged:
        groups.setdefault(find(index), ([], set()))[0].append(index)
    for carbon, other in mol.GetSubstructMatches(_PF_NEIGHBOUR, maxMatches=limit):
        groups[find(carbon)][1].add(other)
    return [(len(members), sorted(attached)) for _key, (members, attached) in sorted(groups.items())]


@dataclass(frozen=True)
class GroupRule:
    """A compiled rule: which elements a structure needs for the rule to possibly apply, and the test."""

    kind: str
    test: Callable[[Prepared], RuleHit | None]
    required_elements: frozenset[str] = frozenset()

    def evaluate(self, prepared: Prepared) -> RuleHit | None:
        # Pre-screen: a structure lacking an element the rule needs cannot match (cheaper than SMARTS).
        if self.required_elements and not self.required_elements <= prepared.elements:
            return None
        return self.test(prepared)


def _smarts(pattern: str) -> Chem.Mol:
    query = Chem.MolFromSmarts(pattern)
    if query is None:
        raise ValueError(f"invalid SMARTS: {pattern}")
    return query


def _required_elements(queries: list[Chem.Mol]) -> frozenset[str]:
    """Elements (besides C and H) every one of the queries needs; empty when the queries differ."""
    sets = []
    for query in queries:
        needed = set()
        for atom in query.GetAtoms():
            number = atom.GetAtomicNum()
            # Plain atoms only: a recursive or list query reports 0 and is not relied on.
            if number > 1 and atom.DescribeQuery().count("AtomType") <= 1 and "Recursive" not in atom.DescribeQuery():
                needed.add(Chem.GetPeriodicTable().GetElementSymbol(number))
        sets.append(needed - {"C"})
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def _compile_smarts(spec: Mapping[str, Any]) -> GroupRule:
    patterns = list(spec["patterns"])
    queries = [_smarts(p) for p in patterns]

    def test(prepared: Prepared) -> RuleHit | None:
        for pattern, query in zip(patterns, queries, strict=True):
            if prepared.mol.HasSubstructMatch(query):
                return RuleHit("smarts", {"pattern": pattern})
        return None

    return GroupRule("smarts", test, _required_elements(queries))


def _compile_element(spec: Mapping[str, Any]) -> GroupRule:
    element = spec["element"]
    include_element = bool(spec.get("include_element", True))
    oxidation_state = spec.get("oxidation_state")

    def test(prepared: Prepared) -> RuleHit | None:
        if element not in prepared.elements:
            return None
        is_bare_element = prepared.elements == {element}
        if is_bare_element and not include_element:
            return None
        if oxidation_state is not None and oxidation_state not in _oxidation_states(prepared.mol, element):
            return None
        return RuleHit("element", {"element": element, "oxidation_state": oxidation_state, "bare": is_bare_element})

    return GroupRule("element_compounds", test, frozenset({element}))


_ELECTRONEGATIVE = {"O", "N", "F", "Cl", "Br", "I", "S"}


def _oxidation_states(mol: Chem.Mol, element: str) -> set[int]:
    """Formal oxidation state of each atom of the element: its charge plus its bond orders to more
    electronegative atoms (CrO3: 6; K2Cr2O7: 6 per Cr; CrO2: 4; Cr2O3: 3; [Cr+6]: 6)."""
    states = set()
    for atom in mol.GetAtoms():
        if atom.GetSymbol() == element:
            bonds = sum(
                b.GetBondTypeAsDouble() for b in atom.GetBonds() if b.GetOtherAtom(atom).GetSymbol() in _ELECTRONEGATIVE
            )
            states.add(atom.GetFormalCharge() + round(bonds))
    return states


def _compile_chlorinated_paraffin(spec: Mapping[str, Any]) -> GroupRule:
    carbon_min, carbon_max = int(spec["carbon_min"]), int(spec["carbon_max"])
    minimum = float(spec["chlorine_mass_fraction_min"])
    inclusive = bool(spec.get("chlorine_min_inclusive", False))

    def test(prepared: Prepared) -> RuleHit | None:
        mol, counts = prepared.parent, prepared.parent_counts
        if prepared.parent_elements - {"C", "Cl"} or "Cl" not in prepared.parent_elements:
            return None
        n_carbon = counts.get("C", 0)
        # saturated and acyclic exactly when H + Cl = 2C + 2 (no rings, no multiple bonds)
        if not carbon_min <= n_carbon <= carbon_max or counts.get("H", 0) + counts["Cl"] != 2 * n_carbon + 2:
            return None
        carbons = [a for a in mol.GetAtoms() if a.GetSymbol() == "C"]
        # straight chain: every carbon has at most two carbon neighbours
        if any(sum(n.GetSymbol() == "C" for n in a.GetNeighbors()) > 2 for a in carbons):
            return None
        chlorine = counts["Cl"] * 35.453
        fraction = chlorine / average_molecular_weight(mol)
        if fraction > minimum or (inclusive and fraction >= minimum):
            return RuleHit("chlorinated_paraffin", {"carbons": len(carbons), "chlorine_fraction": round(fraction, 4),
                                                    "minimum": minimum, "carbon_min": carbon_min,
                                                    "carbon_max": carbon_max})  # fmt: skip
        return None

    return GroupRule("chlorinated_paraffin", test, frozenset({"Cl"}))


def _compile_halogenated_scaffold(spec: Mapping[str, Any]) -> GroupRule:
    scaffolds = [
        (s["name"], _smarts(s["smarts"]), Chem.MolFromSmarts(s["smarts"]).GetNumAtoms()) for s in spec["scaffolds"]
    ]
    halogen = spec["halogen"]
    low, high = int(spec["count_min"]), int(spec["count_max"])

    def test(prepared: Prepared) -> RuleHit | None:
        mol = prepared.parent
        if prepared.parent_elements - {"C", "O", halogen}:
            return None
        count = prepared.parent_counts.get(halogen, 0)
        if not low <= count <= high:
            return None
        for name, query, size in scaffolds:
            # only the scaffold and its halogens: no other substituents
            if mol.GetNumAtoms() == size + count and mol.HasSubstructMatch(query):
                return RuleHit("halogenated_scaffold", {"scaffold": name, "halogen": halogen, "count": count})
        return None

    return GroupRule("halogenated_scaffold", test, frozenset({halogen}))


def _attached_to(mol: Chem.Mol, attached: list[int], query: Chem.Mol) -> bool:
    heads = {match[0] for match in mol.GetSubstructMatches(query)}
    return any(index in heads for index in attached)


def _compile_perfluoro(spec: Mapping[str, Any]) -> GroupRule:
    merged = {**PERFLUORO_TARGETS.get(str(spec.get("target", "")), {}), **spec}
    head = _smarts(merged.get("head_group_smarts", CARBOXYLIC_HEAD))
    carboxylic = merged.get("head_group_smarts", CARBOXYLIC_HEAD).startswith("C(")
    # The chain length counts the head carbon of an acid (PFOA is C8: C7F15-COOH).
    offset = 1 if carboxylic else 0
    if "chain_length" in merged:
        low = high = int(merged["chain_length"]) - offset
    else:
        low, high = int(merged["chain_length_min"]) - offset, int(merged["chain_length_max"]) - offset
    related = merged.get("related")
    target = merged.get("target", "")
    pfos_parent = _smarts("OS(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F")

    def test(prepared: Prepared) -> RuleHit | None:
        mol = prepared.parent
        for length, attached in prepared.perfluoro_chains:
            if low <= length <= high and _attached_to(mol, attached, head):
                return RuleHit("perfluoro_acid", {"target": target, "perfluorinated_carbons": length})
        if related == "pfoa":
            return _pfoa_related(prepared, head, pfos_parent, target)
        if merged.get("related_compounds") and carboxylic:
            return _long_chain_related(prepared, low, high, target)
        return None

    return GroupRule("perfluoroalkyl_chain", test, frozenset({"F"}))


def _pfoa_related(prepared: Prepared, acid_head: Chem.Mol, pfos: Chem.Mol, target: str) -> RuleHit | None:
    """Stockholm Convention decision SC-9/12: a (C7F15)C moiety, less the compounds it excludes.

    Excluded: C8F17-X with X = F, Cl, Br; perfluoroalkyl carboxylic/phosphonic acids with >= 8
    perfluorinated carbons; perfluoroalkane sulfonic acids with >= 9; PFOS, its salts and PFOSF.
    Fluoropolymers (n > 16) are out of scope of single structures.
    """
    mol = prepared.parent
    if not any(length >= 7 for length, _attached in prepared.perfluoro_chains):
        return None  # no C7F15 moiety: nothing to exclude (the cheap test first)
    if mol.HasSubstructMatch(pfos) or _is_pfos_fluoride(mol) or _is_c8f17_halide(prepared.structure.parent_formula):
        return None
    for length, attached in prepared.perfluoro_chains:
        if length < 7:
            continue
        neighbours = [mol.GetAtomWithIdx(i) for i in attached]
        if length >= 8 and (_attached_to(mol, attached, _PFCA_FAMILY) or _attached_to(mol, attached, _PHOSPHONIC)):
            continue  # a longer perfluorocarboxylic or -phosphonic acid, or its salt, ester, halide, anhydride
        if length >= 9 and any(n.GetSymbol() == "S" for n in neighbours):
            continue  # a longer perfluoroalkane sulfonic acid
        if length == 7 and not any(n.GetSymbol() == "C" for n in neighbours):
            continue  # C7F15 bonded to something other than carbon (e.g. PFHpS)
        return RuleHit("pfoa_related", {"target": target, "perfluorinated_carbons": length})
    return None


# SC-9/12 (d)(iii): carboxylic acids with their esters, halides and anhydrides; phosphonic acids.
_PFCA_FAMILY = Chem.MolFromSmarts("[CX3](=O)[OX2,OX1-,F,Cl,Br,I]")
_PHOSPHONIC = Chem.MolFromSmarts("[PX4](=O)")
_PFOSF = Chem.MolFromSmiles("FS(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F")


def _long_chain_related(prepared: Prepared, low: int, high: int, target: str) -> RuleHit | None:
    """LC-PFCA-related compounds (Stockholm COP-12): a CnF2n+1 group (n = 8–20) bound to a carbon atom.

    Such compounds degrade to the C9–C21 acids; perfluoroalkanes and halides without that bond are not.
    """
    mol = prepared.parent
    for length, attached in prepared.perfluoro_chains:
        if low <= length <= high and any(mol.GetAtomWithIdx(i).GetSymbol() == "C" for i in attached):
            return RuleHit("lcpfca_related", {"target": target, "perfluorinated_carbons": length})
    return None


def _is_c8f17_halide(parent_formula: str) -> bool:
    """C8F17-X with X = F, Cl or Br (perfluorooctane and perfluorooctyl halides), from the parent's formula."""
    return parent_formula in ("C8F18", "C8ClF17", "C8BrF17")


def _is_pfos_fluoride(mol: Chem.Mol) -> bool:
    return mol.GetNumAtoms() == _PFOSF.GetNumAtoms() and mol.HasSubstructMatch(_PFOSF)


# OECD (2021), Reconciling Terminology of the Universe of PFAS (Series on Risk Management No. 61): a PFAS
# has at least one fully fluorinated methyl or methylene carbon (no H, Cl, Br or I attached).
OECD_PFAS_SMARTS = "[CX4;H0;$(C(F)F);!$(C[Cl,Br,I])]"
_OECD_PFAS = Chem.MolFromSmarts(OECD_PFAS_SMARTS)


def is_oecd_pfas(mol: Chem.Mol) -> bool:
    """Whether a molecule is a PFAS under the OECD 2021 definition."""
    return mol.HasSubstructMatch(_OECD_PFAS)


def _compile_oecd_pfas(spec: Mapping[str, Any]) -> GroupRule:
    def test(prepared: Prepared) -> RuleHit | None:
        return RuleHit("oecd_pfas", {"pattern": OECD_PFAS_SMARTS}) if is_oecd_pfas(prepared.mol) else None

    return GroupRule("oecd_pfas", test, frozenset({"F"}))


def _compile_alkyl_phenol(spec: Mapping[str, Any]) -> GroupRule:
    carbons = int(spec["alkyl_carbons"])
    phenol = _smarts("[OX2H1]c1ccccc1")

    def test(prepared: Prepared) -> RuleHit | None:
        mol = prepared.parent
        if prepared.parent_elements != {"C", "O"} or prepared.parent_counts.get("O") != 1:
            return None
        if mol.GetRingInfo().NumRings() != 1 or not mol.HasSubstructMatch(phenol):
            return None
        aliphatic = [a for a in mol.GetAtoms() if a.GetSymbol() == "C" and not a.GetIsAromatic()]
        if len(aliphatic) != carbons or any(b.GetBondType() != Chem.BondType.SINGLE for b in mol.GetBonds()
                                            if not b.GetIsAromatic()):  # fmt: skip
            return None
        substituted = [a for a in mol.GetAtoms() if a.GetIsAromatic() and any(
            n.GetSymbol() == "C" and not n.GetIsAromatic() for n in a.GetNeighbors())]  # fmt: skip
        if len(substituted) != 1:
            return None  # one alkyl chain, not several smaller ones
        return RuleHit("alkyl_phenol", {"alkyl_carbons": carbons})

    return GroupRule("alkyl_phenol", test, frozenset({"O"}))


def _compile_classes(spec: Mapping[str, Any], classes: Mapping[str, Mapping[str, Any]]) -> GroupRule:
    # Each class: any of ``smarts`` must match, and all of ``require`` (if given).
    compiled = []
    for key in spec["structural_classes"]:
        if key not in classes:
            raise ValueError(f"unknown antibiotic class: {key}")
        if classes[key]["smarts"]:  # classes without SMARTS are matched by their curated members only
            queries = [_smarts(p) for p in classes[key]["smarts"]]
            required = [_smarts(p) for p in classes[key].get("require", [])]
            compiled.append((key, list(classes[key]["smarts"]), queries, required, _required_elements(queries)))

    def test(prepared: Prepared) -> RuleHit | None:
        for key, patterns, queries, required, needed in compiled:
            if needed and not needed <= prepared.elements:
                continue
            if not all(prepared.parent.HasSubstructMatch(q) for q in required):
                continue
            for pattern, query in zip(patterns, queries, strict=True):
                if prepared.parent.HasSubstructMatch(query):
                    return RuleHit("structural_class", {"class": key, "pattern": pattern})
        return None

    return GroupRule("structural_classes", test, frozenset({"N"}) if compiled else frozenset())


ClassLibrary = Mapping[str, Mapping[str, Any]]
_compiled: dict[tuple[str, int], GroupRule | None] = {}

# Keys that describe a rule for people (or record its provenance) without changing what it matches.
_DESCRIPTIVE = {"description_zh", "description_en", "source", "note", "definition_verified", "same_as", "verified",
                "related_moiety", "related_moiety_smarts_linear", "parent_smarts", "chain", "branched_isomers", "salts",
                "related_compounds", "mixture_concentration_min", "mixture_concentration_min_inclusive", "parents",
                "also_exact", "sub_groups", "structural_classes_verified", "match", "group_cas"}  # fmt: skip


def _semantic(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a rule that decides what it matches (perfluoro targets merged with their defaults)."""
    semantic = {k: v for k, v in spec.items() if k not in _DESCRIPTIVE}
    if semantic.get("type") == "perfluoroalkyl_chain":
        semantic = {**PERFLUORO_TARGETS.get(str(semantic.get("target", "")), {}), **semantic}
    return semantic


def compile_rule(spec: Mapping[str, Any] | None, *, classes: ClassLibrary | None = None) -> GroupRule | None:
    """The executable form of an entry's ``group_rule`` mapping; None when it only names members.

    Identical rules (the same group on several lists: SCCPs, PFOA) compile to the same object, so a
    classifier evaluates each of them once per structure.
    """
    if not spec:
        return None
    key = (json.dumps(_semantic(spec), sort_keys=True, default=str), id(classes))
    if key not in _compiled:
        _compiled[key] = _compile(spec, classes)
    return _compiled[key]


def _compile(spec: Mapping[str, Any], classes: ClassLibrary | None) -> GroupRule | None:
    kind = spec.get("type")
    if kind == "curated_list":
        if spec.get("structural_classes") and classes:
            return _compile_classes(spec, classes)
        if spec.get("structural_rule"):
            return compile_rule(spec["structural_rule"], classes=classes)
        return None
    compilers: dict[str, Callable[[Mapping[str, Any]], GroupRule]] = {
        "smarts": _compile_smarts,
        "element_compounds": _compile_element,
        "chlorinated_paraffin": _compile_chlorinated_paraffin,
        "halogenated_scaffold": _compile_halogenated_scaffold,
        "perfluoroalkyl_chain": _compile_perfluoro,
        "alkyl_phenol": _compile_alkyl_phenol,
        "oecd_pfas": _compile_oecd_pfas,
    }
    if kind in compilers:
        return compilers[kind](spec)
    if kind in ("parent_of_members", "none", None):
        return None
    raise ValueError(f"unknown group rule type: {kind}")
