"""Reads of the enterprise registry: enterprises, industries, parks and permits.

The public read interface of the enterprises app: other apps read its data only through these functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from npgov.enterprises.choices import EnterpriseStatus, IndustryLevel, PermitKind, SurveyScope
from npgov.enterprises.models import Enterprise, Industry, Park, Permit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from npgov.core.models import User


def enterprise_visible(*, user: User | AnonymousUser, action: str = "view") -> QuerySet[Enterprise]:
    """The enterprises the user may see (or change, with ``action="change"``)."""
    return Enterprise.objects.restrict(user, action)


def enterprise_list(
    *,
    ids: Iterable[int] | None = None,
    status: EnterpriseStatus | str | None = None,
    name_startswith: str | None = None,
) -> QuerySet[Enterprise]:
    """Registered enterprises, optionally only these ids, in this status, or whose name starts so."""
    queryset = Enterprise.objects.all()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    if status is not None:
        queryset = queryset.filter(status=status)
    if name_startswith is not None:
        queryset = queryset.filter(name__startswith=name_startswith)
    return queryset


def enterprise_operating() -> QuerySet[Enterprise]:
    """The enterprises in operation (the population of inspections and checks)."""
    return Enterprise.objects.filter(status=EnterpriseStatus.OPERATING)


def enterprise_get(*, pk: int) -> Enterprise:
    """The enterprise with this id; raises ``Enterprise.DoesNotExist`` when there is none."""
    return Enterprise.objects.get(pk=pk)


def enterprise_names() -> dict[int, str]:
    """id → name of every enterprise."""
    return dict(Enterprise.objects.values_list("pk", "name"))


def enterprise_districts(*, ids: Iterable[int]) -> dict[int, int]:
    """Enterprise id → district id for these enterprises."""
    return dict(Enterprise.objects.filter(pk__in=list(ids)).values_list("pk", "district_id"))


def industry_by_code(*, code: str) -> Industry | None:
    """The GB/T 4754-2017 category with this code."""
    return Industry.objects.filter(code=code).first()


def industry_classes(*, survey_scope: SurveyScope | str | None = None) -> QuerySet[Industry]:
    """The industry classes (the level enterprises are registered under), optionally of one survey scope."""
    queryset = Industry.objects.filter(level=IndustryLevel.CLASS)
    return queryset if survey_scope is None else queryset.filter(survey_scope=survey_scope)


def industry_with_enterprises() -> QuerySet[Industry]:
    """The industry classes at least one registered enterprise belongs to."""
    return Industry.objects.filter(level=IndustryLevel.CLASS, enterprise__isnull=False).distinct()


def industry_none() -> QuerySet[Industry]:
    """An empty industry queryset (a form field's initial choices)."""
    return Industry.objects.none()


def park_list() -> QuerySet[Park]:
    return Park.objects.all()


def permits_by_enterprise(
    *, enterprise_ids: Iterable[int], kind: PermitKind | str = PermitKind.PERMIT
) -> dict[int, list[Permit]]:
    """Enterprise id → its permits of this kind (discharge permits by default), for these enterprises."""
    permits: dict[int, list[Permit]] = defaultdict(list)
    for permit in Permit.objects.filter(enterprise_id__in=list(enterprise_ids), kind=kind):
        permits[permit.enterprise_id].append(permit)
    return dict(permits)


def enterprises_in_box(
    *, south: float, west: float, north: float, east: float, user: User | AnonymousUser | None = None
) -> QuerySet[Enterprise]:
    """Enterprises located inside the box (degrees), of those ``user`` may see when given: a prefilter before
    exact distances (e.g. what lies near a complaint)."""
    enterprises = Enterprise.objects.all() if user is None else enterprise_visible(user=user)
    return (
        enterprises.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
        .select_related("district")
        .only("pk", "name", "latitude", "longitude", "status", "district__name_zh")
    )
