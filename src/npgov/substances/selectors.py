"""Reads of the substance registry: finding a substance by any identifier or name.

The public read interface of the substances app: other apps read substances only through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from npgov.science.identifiers import IdentifierError, fold_identifier, normalise_cas
from npgov.substances.models import Substance

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from npgov.core.models import User

# A CAS RN inside a longer text, e.g. the "name (CAS RN)" of lab report headers.
_CAS_IN_TEXT = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")


def substance_search(*, queryset: QuerySet[Substance], text: str) -> QuerySet[Substance]:
    """Substances whose CAS, names, synonyms, formula or InChIKey contain the text."""
    value = text.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(cas__icontains=value)
        | Q(name_zh__icontains=value)
        | Q(name_en__icontains=value)
        | Q(synonyms__icontains=value)
        | Q(inchikey__iexact=value)
        | Q(formula__iexact=value)
    )


def substance_by_name(*, name: str) -> Substance | None:
    """The substance with exactly this name or synonym (case-insensitive), if exactly one has it."""
    value = name.strip()
    if not value:
        return None
    exact = list(Substance.objects.filter(Q(name_zh__iexact=value) | Q(name_en__iexact=value))[:2])
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    folded = value.casefold()
    candidates = [
        s
        for s in Substance.objects.filter(synonyms__icontains=value)
        if folded in {n.casefold() for n in s.synonym_list()}
    ]
    return candidates[0] if len(candidates) == 1 else None


def substance_by_inchikey(*, inchikey: str) -> Substance | None:
    return Substance.objects.filter(inchikey=inchikey).order_by("pk").first()


def substance_name_index() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """(casefolded name → ids, casefolded synonym → ids) over the whole registry, for resolving many names at once.

    The batch form of ``substance_by_name``: read in one query (the registry is a curated list of thousands,
    not millions), so a 20,000-row inventory asks no query per row.
    """
    names: dict[str, set[int]] = {}
    synonyms: dict[str, set[int]] = {}
    for pk, name_zh, name_en, text in Substance.objects.values_list("pk", "name_zh", "name_en", "synonyms"):
        for name in (name_zh, name_en):
            if name and name.strip():
                names.setdefault(name.strip().casefold(), set()).add(pk)
        for synonym in Substance(synonyms=text or "").synonym_list():
            synonyms.setdefault(synonym.casefold(), set()).add(pk)
    return ({k: frozenset(v) for k, v in names.items()}, {k: frozenset(v) for k, v in synonyms.items()})


def substance_inchikey_formulas() -> list[str]:
    """The formulas of the registry's substances that have an InChIKey ("" for one whose formula is missing)."""
    return list(Substance.objects.exclude(inchikey="").values_list("formula", flat=True).distinct())


def substances_by_cas(*, cas: Iterable[str]) -> dict[str, Substance]:
    """CAS RN → substance for these (canonical) CAS RNs, in one query (missing ones are left out)."""
    return {s.cas: s for s in Substance.objects.filter(cas__in=list(cas)) if s.cas}


def substances_by_inchikey(*, inchikeys: Iterable[str]) -> dict[str, Substance]:
    """InChIKey → substance (the first registered, as ``substance_by_inchikey``) for these keys, in one query."""
    found: dict[str, Substance] = {}
    for substance in Substance.objects.filter(inchikey__in=list(inchikeys)).order_by("-pk"):
        found[substance.inchikey] = substance  # in descending id order: the lowest id is written last
    return found


def substance_by_parent(*, parent_smiles: str) -> Substance | None:
    """The registry's substance that is this parent structure itself (the free acid of a salt)."""
    return Substance.objects.filter(canonical_smiles=parent_smiles).order_by("pk").first()


def substance_by_cas(*, cas: str) -> Substance | None:
    """The substance with exactly this (canonical) CAS RN."""
    return Substance.objects.filter(cas=cas).first()


def substance_get(*, pk: int) -> Substance:
    """The substance with this id; raises ``Substance.DoesNotExist`` when there is none."""
    return Substance.objects.get(pk=pk)


def substance_list(
    *, ids: Iterable[int] | QuerySet[Any, Any] | None = None, cas: Iterable[str] | QuerySet[Any, Any] | None = None
) -> QuerySet[Substance]:
    """Registry substances, optionally only those with one of these ids and/or CAS RNs."""
    queryset = Substance.objects.all()
    if ids is not None:  # a queryset of ids stays a subquery
        queryset = queryset.filter(pk__in=ids if isinstance(ids, QuerySet) else list(ids))
    if cas is not None:
        queryset = queryset.filter(cas__in=cas if isinstance(cas, QuerySet) else list(cas))
    return queryset


def substance_visible(*, user: User | AnonymousUser, action: str = "view") -> QuerySet[Substance]:
    """The substances the user may see (or change, with ``action="change"``)."""
    return Substance.objects.restrict(user, action)


def substance_count() -> int:
    """How many substances the registry holds."""
    return Substance.objects.count()


def substances_by_id(*, ids: Iterable[int]) -> dict[int, Substance]:
    """id → substance for these ids (missing ids are left out)."""
    return Substance.objects.in_bulk(list(ids))


def substance_ids_by_cas(*, cas: Iterable[str] | None = None) -> dict[str, int]:
    """CAS RN → substance id for every substance with a CAS RN (or only for these CAS RNs)."""
    queryset = Substance.objects.exclude(cas__isnull=True)
    if cas is not None:
        queryset = queryset.filter(cas__in=list(cas))
    return dict(queryset.values_list("cas", "pk"))


def substance_registry_stamp() -> tuple[int, datetime | None]:
    """(number of substances, latest change): changes when the registry does, for caches built on it."""
    stamp = Substance.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    return stamp["n"], stamp["t"]


def substance_exists(*, cas: str) -> bool:
    """Whether a substance with exactly this CAS RN is in the registry."""
    return Substance.objects.filter(cas=cas).exists()


def substance_resolve(text: str) -> tuple[int | None, str]:
    """The registry id for a CAS RN, a name, or "name (CAS RN)" as lab headers write; else an error."""
    text = fold_identifier(text or "")  # full-width digits and hyphens, as Chinese input methods type them
    if not text:
        return None, _("Empty: give a CAS RN or a name.")
    match = _CAS_IN_TEXT.search(text)
    if match:
        try:
            cas = normalise_cas(match.group(1))
        except IdentifierError:
            return None, _("%(cas)s is not a valid CAS RN (check digit).") % {"cas": match.group(1)}
        substance_id = Substance.objects.filter(cas=cas).values_list("pk", flat=True).first()
        if substance_id is None:
            return None, _("CAS RN %(cas)s is not in the substance registry.") % {"cas": cas}
        return substance_id, ""
    substance = substance_by_name(name=text)
    if substance is None:
        return None, _("%(text)s is not a substance in the registry: give its CAS RN.") % {"text": text}
    return substance.pk, ""
