from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus, Severity
from npgov.compliance.models import Finding, NewSubstanceRegistration
from npgov.core.filtersets import SearchFilterSet


class FindingFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc", "substance__name_zh", "substance__cas", "explanation")
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices, label=_("status"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("severity"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Finding
        fields = ["q", "status", "severity", "year", "enterprise__district", "department", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Finding], name: str, value: bool | None) -> QuerySet[Finding]:
        if value is None:
            return queryset
        late = {"status__in": ACTIVE_STATUSES, "due_date__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class RegistrationFilterSet(SearchFilterSet):
    search_fields = ("certificate", "substance_name", "cas", "holder_name")

    class Meta:
        model = NewSubstanceRegistration
        fields = ["q", "kind"]
