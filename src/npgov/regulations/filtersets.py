from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.regulations.choices import ListKind
from npgov.regulations.models import ListEntry, RegulatoryList


class RegulatoryListFilterSet(SearchFilterSet):
    search_fields = ("code", "title_zh", "title_en", "document_number")
    kind = django_filters.ChoiceFilter(choices=ListKind.choices, label=_("kind"))
    is_current = django_filters.BooleanFilter(label=_("current revision"))

    class Meta:
        model = RegulatoryList
        fields = ["q", "kind", "is_current"]


class ListEntryFilterSet(SearchFilterSet):
    search_fields = ("item", "name_zh", "name_en", "abbreviation", "members__cas")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return super().search(queryset, name, value).distinct()  # several members may match

    class Meta:
        model = ListEntry
        fields = ["q", "regulatory_list", "kind"]
