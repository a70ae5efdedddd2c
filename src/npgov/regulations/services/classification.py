"""Classification: for any CAS RN, name, SMILES or InChIKey, which list entries apply and why.

One service for the pages, the API, the command line and batch screening. The structural work is
``science.classification.Classifier``; this module resolves identifiers through the substance
registry, builds the classifier from the current list revisions (cached until the data change)
and words the explanations in the user's language.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from npgov.regulations.choices import MatchBasis
from npgov.regulations.explanations import explain
from npgov.regulations.models import ListEntry, ListMember, RegulatoryList
from npgov.regulations.services.loading import group_cas_numbers
from npgov.science.chemistry import Structure, StructureError, heavy_atom_formula, structure_from_text
from npgov.science.classification import Classifier, EntrySpec, Match
from npgov.science.grouprules import compile_rule, is_oecd_pfas
from npgov.science.identifiers import IdentifierError, is_inchikey, looks_like_cas, normalise_cas, normalise_inchikey
from npgov.substances.selectors import (
    substance_inchikey_formulas,
    substance_name_index,
    substance_registry_stamp,
    substances_by_cas,
    substances_by_id,
    substances_by_inchikey,
)
from npgov.substances.validators import cas_error_message

if TYPE_CHECKING:
    from npgov.substances.models import Substance

CLASSES_FILE = Path(__file__).resolve().parent.parent / "data" / "rules" / "antibiotic_classes.yaml"


@dataclass
class EntryMatch:
    entry: ListEntry
    basis: str
    explanation: str
    member_cas: str = ""

    @property
    def basis_label(self) -> str:
        return str(MatchBasis(self.basis).label)


@dataclass
class Classification:
    """The answer for one input."""

    input: str
    cas: str = ""
    substance: Substance | None = None
    structure: Structure | None = None
    matches: list[EntryMatch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_pfas(self) -> bool:
        """A PFAS by the OECD 2021 definition (shown beside the matches; not itself a list entry)."""
        return self.structure is not None and is_oecd_pfas(self.structure.mol)

    def _structure(self, name: str) -> str:
        return getattr(self.structure, name) if self.structure is not None else ""

    def as_json(self, *, structure_ids: bool = True) -> dict[str, Any]:
        """The stable JSON shape of ``npgov classify --json`` and ``POST /api/classify/``.

        ``structure_ids=False`` leaves the canonical SMILES and InChIKey of a structure that is not in the
        registry empty: computing them costs more than classifying it (an InChIKey about three parses), and
        the screening report shows neither.
        """
        substance = None
        if self.substance is not None or self.structure is not None or self.cas:
            s = self.substance
            own = self._structure if structure_ids else (lambda name: "")
            substance = {
                "cas": (s.cas if s and s.cas else self.cas) or None,
                "name_zh": s.name_zh if s else "",
                "name_en": s.name_en if s else "",
                "smiles": (s.canonical_smiles if s and s.canonical_smiles else own("smiles")),
                "inchikey": (s.inchikey if s and s.inchikey else own("inchikey")),
            }
        return {
            "input": self.input,
            "substance": substance,
            "matches": [
                {
                    "list": m.entry.regulatory_list.code,
                    "entry": m.entry.item,
                    "basis": m.basis,
                    "explanation": m.explanation,
                }
                for m in self.matches
            ],
            "errors": self.errors,
        }


# --- the classifier, built from the current revisions and rebuilt when they change -----------------
_lock = threading.Lock()
_cache: dict[str, Any] = {"stamp": None, "classifier": None, "entries": {}, "registry": None}


@dataclass(frozen=True)
class RegistryIndex:
    """What resolving identifiers in bulk needs of the substance registry, read once per registry change."""

    names: dict[str, frozenset[int]]  # casefolded name_zh / name_en → substance ids
    synonyms: dict[str, frozenset[int]]  # casefolded synonym → substance ids
    # Heavy-atom formulas of the substances with an InChIKey: a structure whose formula is not among them cannot
    # share an InChIKey with one, so its InChIKey (about three parses) need not be computed to look it up.
    # None when a substance with an InChIKey has no formula (then every structure is looked up).
    inchikey_formulas: frozenset[str] | None

    @classmethod
    def read(cls) -> RegistryIndex:
        names, synonyms = substance_name_index()
        formulas = substance_inchikey_formulas()
        gate = None if any(not f for f in formulas) else frozenset(heavy_atom_formula(f) for f in formulas)
        return cls(names=names, synonyms=synonyms, inchikey_formulas=gate)

    def substance_id_by_name(self, text: str) -> int | None:
        """As ``substance_by_name``: exactly one substance with this name, else exactly one with this synonym."""
        folded = text.strip().casefold()
        if not folded:
            return None
        named = self.names.get(folded, frozenset())
        if named:
            return next(iter(named)) if len(named) == 1 else None
        synonym = self.synonyms.get(folded, frozenset())
        return next(iter(synonym)) if len(synonym) == 1 else None

    def may_be_registered(self, structure: Structure) -> bool:
        return self.inchikey_formulas is None or heavy_atom_formula(structure.formula) in self.inchikey_formulas


def _data_stamp() -> tuple[Any, ...]:
    lists = RegulatoryList.objects.filter(is_current=True).aggregate(n=Count("pk"), t=Max("updated_at"))
    substances, changed = substance_registry_stamp()
    return (lists["n"], lists["t"], substances, changed)


@lru_cache(maxsize=1)
def _antibiotic_classes() -> dict[str, Any]:
    # Read once: compiled rules are cached per class library, so the library must stay the same object.
    return yaml.safe_load(CLASSES_FILE.read_text(encoding="utf-8"))["classes"]


def _build() -> tuple[Classifier, dict[int, ListEntry]]:
    return classifier_for(ListEntry.objects.filter(regulatory_list__is_current=True))


def classifier_for_entries(*, entry_ids: Iterable[int]) -> tuple[Classifier, dict[int, ListEntry]]:
    """A classifier over these entries only (of any revision: a list change's new, changed or removed entries),
    as ``classifier_get`` returns it; built anew on every call."""
    return classifier_for(ListEntry.objects.filter(pk__in=list(entry_ids)))


def classifier_for(selected: QuerySet[ListEntry]) -> tuple[Classifier, dict[int, ListEntry]]:
    """A classifier over some entries only (of any revision: a list change's new or changed entries), as
    ``classifier_get`` returns it; built anew on every call."""
    # Members prefetched: explanations name the matched member without a query per match.
    entries = {e.pk: e for e in selected.select_related("regulatory_list").prefetch_related("members")}
    members: dict[int, list[tuple[str, str]]] = {}
    for entry_id, cas, parent in ListMember.objects.filter(entry_id__in=entries).values_list(
        "entry_id", "cas", "substance__parent_smiles"
    ):
        members.setdefault(entry_id, []).append((cas, parent or ""))
    classes = _antibiotic_classes()
    specs = []
    for pk, entry in entries.items():
        named = members.get(pk, [])
        specs.append(
            EntrySpec(
                key=pk,
                list_code=entry.regulatory_list.code,
                item=entry.item,
                # A group entry also matches the generic or mixture CAS RNs it is known by (PCBs 1336-36-3).
                member_cas=frozenset([*(cas for cas, _parent in named if cas), *group_cas_numbers(entry.group_rule)]),
                member_parents={parent: cas for cas, parent in named if parent},
                rule=compile_rule(entry.group_rule, classes=classes),
            )
        )
    return Classifier(specs), entries


def _index_get() -> tuple[Classifier, dict[int, ListEntry], RegistryIndex]:
    stamp = _data_stamp()
    with _lock:
        if _cache["stamp"] != stamp:
            _cache["classifier"], _cache["entries"] = _build()
            _cache["registry"] = RegistryIndex.read()
            _cache["stamp"] = stamp
        return _cache["classifier"], _cache["entries"], _cache["registry"]


def classifier_get() -> tuple[Classifier, dict[int, ListEntry]]:
    """The classifier for the current data; rebuilt only when lists or substances changed."""
    classifier, entries, _registry = _index_get()
    return classifier, entries


def _registry_for(classifier: Classifier) -> RegistryIndex:
    """The registry index read with this classifier (a ``classifier_get()`` result passed in by a caller)."""
    with _lock:
        if _cache["classifier"] is classifier and _cache["registry"] is not None:
            return _cache["registry"]
    return _index_get()[2]


# --- resolving identifiers, many at a time ------------------------------------------------------
def _structure_of(substance: Substance | None) -> Structure | None:
    if substance is None or not substance.smiles:
        return None
    try:
        return structure_from_text(substance.smiles)
    except StructureError:
        return None


CHUNK = 500  # identifiers resolved per round of queries (bounded IN lists on every database)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Resolver:
    """Resolves a chunk of identifiers with a fixed number of queries (CAS RNs, ids by name, InChIKeys)."""

    def __init__(self, registry: RegistryIndex) -> None:
        self.registry = registry
        self.structures: dict[int, Structure | None] = {}  # substance id → its parsed structure, once per batch

    def structure_of(self, substance: Substance | None) -> Structure | None:
        if substance is None:
            return None
        if substance.pk not in self.structures:
            self.structures[substance.pk] = _structure_of(substance)
        return self.structures[substance.pk]

    def resolve(self, texts: Sequence[str]) -> list[Classification]:
        results = [Classification(input=text) for text in texts]
        by_cas: list[Classification] = []
        by_key: dict[str, list[Classification]] = {}
        by_id: dict[int, list[Classification]] = {}
        for result in results:
            text = result.input.strip()
            if not text:
                result.errors.append(_("Empty input."))
            elif looks_like_cas(text):
                try:
                    result.cas = normalise_cas(text)
                except IdentifierError as exc:
                    result.errors.append(cas_error_message(exc))
                    continue
                by_cas.append(result)
            elif is_inchikey(text):
                by_key.setdefault(normalise_inchikey(text), []).append(result)
            else:
                named = self.registry.substance_id_by_name(text)
                if named is not None:
                    by_id.setdefault(named, []).append(result)
                    continue
                try:
                    result.structure = structure_from_text(text)
                except StructureError:
                    result.errors.append(_("%(text)s is not a CAS RN, an InChIKey, a SMILES or a name in the "
                                           "substance registry.") % {"text": text})  # fmt: skip
                    continue
                if self.registry.may_be_registered(result.structure):
                    by_key.setdefault(result.structure.inchikey, []).append(result)
        registered = substances_by_cas(cas={r.cas for r in by_cas}) if by_cas else {}
        for result in by_cas:
            self._found(result, registered.get(result.cas))
        registered_by_id = substances_by_id(ids=by_id) if by_id else {}
        for pk, named_results in by_id.items():
            for result in named_results:
                self._found(result, registered_by_id.get(pk))
        keyed = substances_by_inchikey(inchikeys=by_key) if by_key else {}
        for key, keyed_results in by_key.items():
            for result in keyed_results:
                if result.structure is not None:  # a SMILES or InChI: the registry only adds names and a CAS RN
                    result.substance = keyed.get(key)
                else:
                    self._found(result, keyed.get(key))
                    if result.substance is None:
                        result.errors.append(_("InChIKey %(key)s is not in the substance registry; give a SMILES or "
                                               "CAS RN.") % {"key": key})  # fmt: skip
        for result in results:
            if result.substance is not None and result.substance.cas and not result.cas:
                result.cas = result.substance.cas
        return results

    def _found(self, result: Classification, substance: Substance | None) -> None:
        result.substance = substance
        result.structure = self.structure_of(substance)


def _entry_match(match: Match, entries: dict[int, ListEntry], result: Classification) -> EntryMatch:
    entry = entries[match.entry.key]
    return EntryMatch(
        entry=entry,
        basis=match.basis,
        member_cas=match.member_cas,
        explanation=explain(match, entry=entry, cas=result.cas),
    )


def classify_identifier(text: str, *, index: tuple[Classifier, dict[int, ListEntry]] | None = None) -> Classification:
    """Classify one identifier (CAS RN, Chinese or English name, SMILES, InChI, InChIKey).

    ``index`` is a ``classifier_get()`` result to reuse across a batch (saves the freshness check).
    """
    return classify_identifiers([text], index=index)[0]


def classify_identifiers(
    identifiers: Sequence[str], *, index: tuple[Classifier, dict[int, ListEntry]] | None = None
) -> list[Classification]:
    """Classify many identifiers, one result per input in order, with a fixed number of queries per 500.

    One pass: each distinct identifier is resolved (the registry read in bulk, no query per row), parsed once
    and classified once; a repeated identifier shares its result object.
    """
    classifier, entries = index or classifier_get()
    resolver = _Resolver(_registry_for(classifier))
    done: dict[str, Classification] = {}
    for chunk in _chunks(list(dict.fromkeys(identifiers)), CHUNK):
        for result in resolver.resolve(chunk):
            if not result.errors or result.cas:
                for match in classifier.classify(cas=result.cas or None, structure=result.structure):
                    result.matches.append(_entry_match(match, entries, result))
            done[result.input] = result
    return [done[text] for text in identifiers]


def classify_substance(
    substance: Substance, *, index: tuple[Classifier, dict[int, ListEntry]] | None = None
) -> list[EntryMatch]:
    """The list entries a registry substance falls under (for its page and its control sheet).

    ``index`` is a ``classifier_get()`` result to reuse across many substances (saves the freshness check).
    """
    classifier, entries = index or classifier_get()
    result = Classification(
        input=substance.cas or substance.name_zh,
        cas=substance.cas or "",
        substance=substance,
        structure=_structure_of(substance),
    )
    return [
        _entry_match(m, entries, result)
        for m in classifier.classify(cas=result.cas or None, structure=result.structure)
    ]
