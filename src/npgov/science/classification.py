"""Which regulatory list entries a chemical falls under, and on what basis.

Three bases, strongest first, one match per entry:

- ``cas``: the chemical's CAS RN is a member the entry names;
- ``parent``: its standardised parent is the parent of a named member (a salt of a listed acid);
- ``group-rule``: its structure satisfies the entry's group rule (science.grouprules).

The :class:`Classifier` is built once from the list data (pure values, no database) and then
answers for any number of chemicals; building it is the expensive part, classifying is cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from npgov.science.chemistry import Structure, StructureError, flat_smiles, formula_of_smiles, structure_from_text
from npgov.science.grouprules import GroupRule, Prepared, RuleHit

BASIS_ORDER = {"cas": 0, "parent": 1, "group-rule": 2}


@dataclass(frozen=True)
class EntrySpec:
    """One list entry as the classifier needs it."""

    key: Any  # the caller's handle (e.g. the database id)
    list_code: str
    item: str
    member_cas: frozenset[str] = frozenset()
    member_parents: Mapping[str, str] = field(default_factory=dict)  # parent SMILES → member CAS
    rule: GroupRule | None = None


@dataclass(frozen=True)
class Match:
    entry: EntrySpec
    basis: str  # "cas" | "parent" | "group-rule"
    member_cas: str = ""
    hit: RuleHit | None = None
    stereo_ignored: bool = False  # matched a stereoisomer because the input gave no stereochemistry


class Classifier:
    def __init__(self, entries: Iterable[EntrySpec]) -> None:
        self.entries = list(entries)
        self._by_cas: dict[str, list[EntrySpec]] = defaultdict(list)
        self._by_parent: dict[str, list[tuple[EntrySpec, str]]] = defaultdict(list)
        self._by_flat_parent: dict[str, list[tuple[EntrySpec, str]]] = defaultdict(list)
        self._parent_formulas: set[str] = set()
        for entry in self.entries:
            for cas in entry.member_cas:
                self._by_cas[cas].append(entry)
            for parent, cas in entry.member_parents.items():
                self._by_parent[parent].append((entry, cas))
                self._by_flat_parent[flat_smiles(parent)].append((entry, cas))
                self._parent_formulas.add(formula_of_smiles(parent))
        # Entries sharing one compiled rule (the same group on several lists) are evaluated once.
        by_rule: dict[int, tuple[GroupRule, list[EntrySpec]]] = {}
        for entry in self.entries:
            if entry.rule is not None:
                by_rule.setdefault(id(entry.rule), (entry.rule, []))[1].append(entry)
        self._ruled = list(by_rule.values())
        # The rules that may apply to a set of elements, worked out once per distinct set (a few dozen in an
        # inventory): each structure then runs one pass over only those rules, without per-rule pre-screens.
        self._ruled_for: dict[frozenset[str], list[tuple[GroupRule, list[EntrySpec]]]] = {}
        self._cached = lru_cache(maxsize=50_000)(self._classify_smiles)

    def classify(self, *, cas: str | None = None, structure: Structure | None = None) -> list[Match]:
        """Every entry the chemical falls under, strongest basis first."""
        found: dict[int, Match] = {}
        for entry in self._by_cas.get(cas or "", []):
            found.setdefault(id(entry), Match(entry, "cas", member_cas=cas or ""))
        if structure is not None:
            for match in self._structure_matches(structure):
                found.setdefault(id(match.entry), match)
        return sorted(found.values(), key=lambda m: (BASIS_ORDER[m.basis], m.entry.list_code, m.entry.item))

    def classify_smiles(self, smiles: str) -> list[Match]:
        """Classify a structure given as text, with results cached per input string (batch screening)."""
        return list(self._cached(smiles))

    def _classify_smiles(self, smiles: str) -> tuple[Match, ...]:
        try:
            structure = structure_from_text(smiles)
        except StructureError:
            return ()
        return tuple(self.classify(structure=structure))

    def _structure_matches(self, structure: Structure) -> list[Match]:
        matches = []
        # A canonical SMILES costs about as much as parsing: compute it only when the formula could match a member.
        if structure.parent_formula in self._parent_formulas:
            by_parent = self._by_parent.get(structure.parent_smiles, [])
            matches = [Match(entry, "parent", member_cas=cas) for entry, cas in by_parent]
            if not by_parent and not structure.has_stereo:
                # No stereochemistry given (lindane typed as a flat SMILES): any stereoisomer named, flagged.
                by_flat = self._by_flat_parent.get(structure.parent_flat_smiles, [])
                matches = [Match(entry, "parent", member_cas=cas, stereo_ignored=True) for entry, cas in by_flat]
        prepared = Prepared(structure)
        for rule, entries in self._rules_for(structure.elements):
            hit = rule.test(prepared)
            if hit is not None:
                matches.extend(Match(entry, "group-rule", hit=hit) for entry in entries)
        return matches

    def _rules_for(self, elements: frozenset[str]) -> list[tuple[GroupRule, list[EntrySpec]]]:
        """The rules whose required elements the structure has (the pre-screen of ``GroupRule.evaluate``)."""
        rules = self._ruled_for.get(elements)
        if rules is None:
            rules = [(rule, entries) for rule, entries in self._ruled if rule.required_elements <= elements]
            if len(self._ruled_for) < 10_000:  # bounded: odd inputs cannot grow it without limit
                self._ruled_for[elements] = rules
        return rules
