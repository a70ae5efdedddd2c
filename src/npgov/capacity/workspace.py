"""The capacity app's part of the workspace (工作台): a department's projects that end soon or have ended.

A project past its end date and not marked completed waits for its outcome to be recorded. (Expert reviews
are assigned in the risk app and shown by its widget: the expert pool holds no assignments of its own.)
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.capacity.choices import ProjectStatus
from npgov.capacity.models import Project
from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import WorkItem, WorkList, WorkWidget, registry

SHOWN = 8
HORIZON_DAYS = 60


def projects_ending(user: User, today: date) -> WorkList | None:
    """The department's planned or ongoing projects whose end date has passed or comes within two months."""
    projects = (
        Project.objects.restrict(user, "change")
        .exclude(status=ProjectStatus.COMPLETED)
        .filter(end__isnull=False, end__lte=today + timedelta(days=HORIZON_DAYS))
    )
    total = projects.count()
    rows = projects.order_by("end", "pk")[:SHOWN]
    items = [
        WorkItem(
            title=p.title,
            url=p.get_absolute_url(),
            due=p.end,
            status=_("Past its end date: record the outcome") if p.end < today else _("Ends soon"),
        )
        for p in rows
    ]
    return WorkList(items, total, reverse("capacity:project_list") if total > SHOWN else None)


def register() -> None:
    """Called once from CapacityConfig.ready()."""
    registry.add_widget(
        WorkWidget("capacity-projects", gettext_lazy("Projects ending"), frozenset({Role.DEPARTMENT}),
                   projects_ending, 70, "kanban")
    )  # fmt: skip
