"""Non-trivial reads of the core app."""

from __future__ import annotations

import re
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


def _history_value(field: Any, value: Any) -> Any:
    """A changed value as a reader reads it: a choice's label, the related record's name, 是/否 — never a code."""
    from django.db import models as dj_models
    from django.utils.translation import gettext as _

    if value is None or value == "":
        return ""
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, dj_models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, dj_models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else _("(deleted record)")
    if isinstance(value, dict | list) or isinstance(field, dj_models.JSONField):
        return _("(details changed)")
    return value


def _history_reason(reason: str) -> str:
    """A change reason a reader can use; a bare code left by a service (``product_content_limit``) is not shown."""
    reason = re.sub(r"\s*[(（]npgov [^)）]*[)）]", "", reason).strip()  # the command that loaded it
    if re.fullmatch(r"[a-z0-9_:./-]*", reason) or re.search(r"\.(?:ya?ml|csv|json|py)\b|#\d+", reason):
        return ""
    return reason


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
                changes.append(
                    (str(field.verbose_name), _history_value(field, change.old), _history_value(field, change.new))
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                kind=newer.history_type,
                reason=_history_reason(newer.history_change_reason or ""),
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
