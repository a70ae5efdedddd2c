"""Non-trivial reads of the core app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Model

from npgov.core.choices import Role
from npgov.core.models import Department, District, Job, User
from npgov.core.models.organisation import DepartmentFunction
from npgov.core.types import AnyUser


def organisation_counts(*, user: AnyUser) -> dict[str, Any]:
    """Counts for the dashboard, each from the rows the user may see."""
    users_by_role = dict(
        User.objects.restrict(user, "view").filter(is_active=True).values_list("role").annotate(n=Count("pk"))
    )
    return {
        "districts": District.objects.restrict(user, "view").count(),
        "zones": District.objects.restrict(user, "view").filter(kind="zone").count(),
        "departments": Department.objects.restrict(user, "view").count(),
        "users_by_role": [(label, users_by_role.get(value, 0)) for value, label in Role.choices],
        "jobs_running": Job.objects.restrict(user, "view").filter(status__in=["pending", "running"]).count(),
    }


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: User | None  # None: a change made outside a request (an import, a migration)
    kind: str  # "+", "~", "-"
    reason: str
    changes: list[tuple[str, Any, Any]]  # (field verbose name, old, new)


def history_entries(*, obj: Model, limit: int = 50) -> list[HistoryEntry]:
    """The record's change history, newest first, each with the fields it changed."""
    manager = getattr(obj, "history", None)
    if manager is None:
        return []
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((str(field.verbose_name), change.old, change.new))
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                kind=newer.history_type,
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def department_by_function(*, function: DepartmentFunction | str, city: District | None = None) -> Department | None:
    """The department that declares this function (in this city), never found by its name; None if none does."""
    departments = Department.objects.filter(function=function)
    if city is not None:
        departments = departments.filter(city=city)
    return departments.first()


def department_lead(*, city: District) -> Department | None:
    """The city's lead department of the coordination mechanism, else its first department."""
    departments = Department.objects.filter(city=city)
    return departments.filter(is_lead=True).first() or departments.first()
