"""Classification: for any CAS RN, name, SMILES or InChIKey, which list entries apply and why.

One service for the pages, the API, the command line and batch screening. The structural work is
``science.classification.Classifier``; this module resolves identifiers through the substance
registry, builds the classifier from the current list revisions (cached until the data change)
and words the explanations in the user's language.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from npgov.regulations.choices import MatchBasis
from npgov.regulations.explanations import explain
from npgov.regulations.models import ListEntry, ListMember, RegulatoryList
from npgov.regulations.services.loading import group_cas_numbers
from npgov.science.chemistry import Structure, StructureError, structure_from_text
from npgov.science.classification import Classifier, EntrySpec, Match
from npgov.science.grouprules import compile_rule, is_oecd_pfas
from npgov.science.identifiers import IdentifierError, is_inchikey, looks_like_cas, normalise_cas, normalise_inchikey
from npgov.substances.selectors import (
    substance_by_cas,
    substance_by_inchikey,
    substance_by_name,
    substance_registry_stamp,
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

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``npgov classify --json`` and ``POST /api/classify/``."""
        substance = None
        if self.substance is not None or self.structure is not None or self.cas:
            s = self.substance
            substance = {
                "cas": (s.cas if s and s.cas else self.cas) or None,
                "name_zh": s.name_zh if s else "",
                "name_en": s.name_en if s else "",
                "smiles": (s.canonical_smiles if s and s.canonical_smiles else self._structure("smiles")),
                "inchikey": (s.inchikey if s and s.inchikey else self._structure("inchikey")),
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
_cache: dict[str, Any] = {"stamp": None, "classifier": None, "entries": {}}


def _data_stamp() -> tuple[Any, ...]:
    lists = RegulatoryList.objects.filter(is_current=True).aggregate(n=Count("pk"), t=Max("updated_at"))
    substances, changed = substance_registry_stamp()
    return (lists["n"], lists["t"], substances, changed)


@lru_cache(maxsize=1)
def _antibiotic_classes() -> dict[str, Any]:
    # Read once: compiled rules are cached per class library, so the library must stay the same object.
    return yaml.safe_load(CLASSES_FILE.read_text(encoding="utf-8"))["classes"]


def _build() -> tuple[Classifier, dict[int, ListEntry]]:
    # Members prefetched: explanations name the matched member without a query per match.
    current = ListEntry.objects.filter(regulatory_list__is_current=True)
    entries = {e.pk: e for e in current.select_related("regulatory_list").prefetch_related("members")}
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


def classifier_get() -> tuple[Classifier, dict[int, ListEntry]]:
    """The classifier for the current data; rebuilt only when lists or substances changed."""
    stamp = _data_stamp()
    with _lock:
        if _cache["stamp"] != stamp:
            _cache["classifier"], _cache["entries"] = _build()
            _cache["stamp"] = stamp
        return _cache["classifier"], _cache["entries"]


# --- resolving an identifier -------------------------------------------------------------------
def _structure_of(substance: Substance | None) -> Structure | None:
    if substance is None or not substance.smiles:
        return None
    try:
        return structure_from_text(substance.smiles)
    except StructureError:
        return None


def _resolve(result: Classification) -> None:
    text = result.input.strip()
    if not text:
        result.errors.append(_("Empty input."))
    elif looks_like_cas(text):
        try:
            result.cas = normalise_cas(text)
        except IdentifierError as exc:
            result.errors.append(cas_error_message(exc))
            return
        result.substance = substance_by_cas(cas=result.cas)
        result.structure = _structure_of(result.substance)
    elif is_inchikey(text):
        key = normalise_inchikey(text)
        result.substance = substance_by_inchikey(inchikey=key)
        result.structure = _structure_of(result.substance)
        if result.substance is None:
            result.errors.append(
                _("InChIKey %(key)s is not in the substance registry; give a SMILES or CAS RN.") % {"key": key}
            )
    else:
        _resolve_name_or_structure(result, text)
    if result.substance is not None and result.substance.cas and not result.cas:
        result.cas = result.substance.cas


def _resolve_name_or_structure(result: Classification, text: str) -> None:
    result.substance = substance_by_name(name=text)
    if result.substance is not None:
        result.structure = _structure_of(result.substance)
        return
    try:
        result.structure = structure_from_text(text)
    except StructureError:
        result.errors.append(
            _("%(text)s is not a CAS RN, an InChIKey, a SMILES or a name in the substance registry.") % {"text": text}
        )
        return
    result.substance = substance_by_inchikey(inchikey=result.structure.inchikey)


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
    classifier, entries = index or classifier_get()
    result = Classification(input=text)
    _resolve(result)
    if not result.errors or result.cas:
        for match in classifier.classify(cas=result.cas or None, structure=result.structure):
            result.matches.append(_entry_match(match, entries, result))
    return result


def classify_identifiers(identifiers: list[str]) -> list[Classification]:
    index = classifier_get()
    return [classify_identifier(text, index=index) for text in identifiers]


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
