"""Filters shared by the pages and the API (STYLE.md C10): one FilterSet per model."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import DistrictKind, JobStatus, LoginEventKind, Role
from npgov.core.models import Department, District, Job, LoginEvent, User


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text ``q`` over ``search_fields``."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class DistrictFilterSet(SearchFilterSet):
    search_fields = ("code", "name_zh", "name_en")
    kind = django_filters.ChoiceFilter(choices=DistrictKind.choices, label=_("kind"))
    parent = django_filters.ModelChoiceFilter(
        queryset=District.objects.filter(kind__in=["province", "city"]), label=_("parent")
    )

    class Meta:
        model = District
        fields = ["q", "kind", "parent", "verified"]


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("code", "name_zh", "short_name_zh", "name_en", "duties")
    city = django_filters.ModelChoiceFilter(queryset=District.objects.filter(kind="city"), label=_("city"))

    class Meta:
        model = Department
        fields = ["q", "city", "kind", "is_lead"]


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "display_name", "email")
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))

    class Meta:
        model = User
        fields = ["q", "role", "department", "district", "is_active"]


class JobFilterSet(SearchFilterSet):
    search_fields = ("name", "task")
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("status"))

    class Meta:
        model = Job
        fields = ["q", "status"]


class LoginEventFilterSet(SearchFilterSet):
    search_fields = ("username", "ip_address")
    kind = django_filters.ChoiceFilter(choices=LoginEventKind.choices, label=_("event"))

    class Meta:
        model = LoginEvent
        fields = ["q", "kind"]
