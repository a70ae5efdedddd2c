"""Reads of the substance registry: finding a substance by any identifier or name."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from npgov.substances.models import Substance


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


def substance_by_parent(*, parent_smiles: str) -> Substance | None:
    """The registry's substance that is this parent structure itself (the free acid of a salt)."""
    return Substance.objects.filter(canonical_smiles=parent_smiles).order_by("pk").first()
