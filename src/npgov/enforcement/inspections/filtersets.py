"""Filters of the inspection pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.enforcement.inspections.models import Case, InspectionTask, Inspector


class InspectorFilterSet(SearchFilterSet):
    search_fields = ("name", "badge")

    class Meta:
        model = Inspector
        fields = ["q", "department", "district", "active"]


class TaskFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc")
    status = django_filters.ChoiceFilter(choices=InspectionTask.Status.choices, label=_("status"))

    class Meta:
        model = InspectionTask
        fields = ["q", "draw", "status", "enterprise__district"]


class CaseFilterSet(SearchFilterSet):
    search_fields = ("number", "enterprise__name", "facts")
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label=_("status"))

    class Meta:
        model = Case
        fields = ["q", "status", "published", "enterprise__district"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's "published" is translated as a date (发布日期); this one is a yes/no.
        self.filters["published"].label = _("published to the public")
