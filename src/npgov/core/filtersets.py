"""Filters shared by the pages and the API (STYLE.md C10): one FilterSet per model."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import DistrictKind, JobStatus, LoginEventKind, Role
from npgov.core.models import Department, District, Job, LoginEvent, User
from npgov.core.widgets import scope_choices

ALL = _("All")


def _related_label(model: Any, path: str) -> Any:
    """A filter's label: the verbose name (lazy) of the field it ends at ("district", not "enterprise district")."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return getattr(field, "verbose_name", None)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text ``q`` over ``search_fields``.

    Every choice starts at "All" (not "---------", and yes/no filters not at "Unknown"); district, enterprise and
    site choices hold only what the requesting user may choose; long choices get the type-ahead (core.widgets).
    """

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        # django-filter derives a missing label as a plain string and caches it on the class's filter, in the
        # language active when first read (the API schema reads them in English): give each a lazy label instead.
        filters = super().get_filters()
        model = cls._meta.model
        for name, filter_ in filters.items():
            if model is None or filter_._label is not None or name != filter_.field_name or not filter_.field_name:
                continue
            if filter_.lookup_expr != "exact":
                continue
            try:
                label = _related_label(model, filter_.field_name)
            except FieldDoesNotExist:
                continue
            if label:
                filter_.label = capfirst(label)
        return filters

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = forms.Select(choices=[("", ALL), ("true", _("Yes")), ("false", _("No"))])
            elif isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                filter_.extra["empty_label"] = ALL
            # A form field built before (and copied from the class's filter) would ignore the changes above.
            filter_.__dict__.pop("_field", None)

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            if self.request is not None:
                scope_choices(form, self.request.user)
        return self._form

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
