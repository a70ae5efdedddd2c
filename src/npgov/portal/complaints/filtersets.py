"""Filters of the handlers' complaint list."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.portal.complaints.models import Complaint

OPEN = (Complaint.Status.ROUTED, Complaint.Status.IN_PROGRESS)


class ComplaintFilterSet(SearchFilterSet):
    search_fields = ("tracking_code", "address", "description")
    status = django_filters.ChoiceFilter(choices=Complaint.Status.choices, label=_("status"))
    topic = django_filters.ChoiceFilter(choices=Complaint.Topic.choices, label=_("topic"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Complaint
        fields = ["q", "status", "topic", "district", "department", "overdue"]

    def search(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        # A tracking code is searched as people write it (lower case, with spaces or dashes).
        code = "".join(ch for ch in value.upper() if ch.isalnum())
        if code.startswith("JB") and len(code) >= 6:
            return queryset.filter(tracking_code__startswith=code)
        return super().search(queryset, name, value)

    def filter_overdue(self, queryset: QuerySet[Complaint], name: str, value: bool | None) -> QuerySet[Complaint]:
        if value is None:
            return queryset
        late = {"status__in": OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)
