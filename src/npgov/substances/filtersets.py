from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.substances.choices import SubstanceKind
from npgov.substances.models import Substance
from npgov.substances.selectors import substance_search


class SubstanceFilterSet(SearchFilterSet):
    kind = django_filters.ChoiceFilter(choices=SubstanceKind.choices, label=_("kind"))
    has_structure = django_filters.BooleanFilter(method="filter_structure", label=_("has a structure"))

    class Meta:
        model = Substance
        fields = ["q", "kind", "has_structure", "verified"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return substance_search(queryset=queryset, text=value)

    def filter_structure(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.exclude(canonical_smiles="") if value else queryset.filter(canonical_smiles="")
