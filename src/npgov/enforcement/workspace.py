"""Enforcement's part of the workspace (工作台) and its deadline: inspections to carry out, cases to open.

- an enterprise sees its inspections in published double-random draws once their results are public (after the
  inspections: never in advance; the tasks and their checklists are for officials, the published draw page is
  what the public sees);
- a district sees the inspection tasks in its district still to carry out;
- the bureau sees the overdue inspections of the city and the escalated findings that have no case yet;
- the deadline source reminds the inspectors (and the district's officials) of an inspection coming due.

Every function costs a fixed number of queries, whatever the number of tasks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.compliance.choices import FindingStatus
from npgov.compliance.selectors import finding_list
from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import Deadline, DeadlineSource, WorkItem, WorkList, WorkWidget, registry
from npgov.enforcement.inspections.models import Case, InspectionTask
from npgov.enforcement.inspections.selectors import public_results_due
from npgov.enterprises.selectors import enterprise_visible

if TYPE_CHECKING:
    from npgov.core.models import District

ITEMS = 5  # items a widget shows; the rest behind its "more" link
BUREAU = frozenset({Role.BUREAU, Role.SYSADMIN})
DEPTH = 4  # division levels looked up above an enterprise's district
ASSIGNED = InspectionTask.Status.ASSIGNED


def _announced(user: User, today: date) -> WorkList | None:
    """The user's enterprises' inspections in published draws whose results are public (the public draw page).

    An enterprise learns that it was drawn no earlier than the public does: after the inspections, or once
    the draw's due date has passed (双随机、一公开, see ``inspections.selectors``) — never in advance.
    """
    tasks = InspectionTask.objects.filter(
        enterprise__in=enterprise_visible(user=user), draw__published=True
    ).filter(public_results_due(prefix="draw__", today=today))
    total = tasks.count()
    rows = tasks.select_related("draw", "enterprise", "record").order_by("-due_date", "-pk")[:ITEMS]
    items = [
        WorkItem(
            title=f"{task.draw.title} · {task.enterprise.name}" if task.draw else task.enterprise.name,
            url=reverse("enforcement:public_draw", args=[task.draw_id]),
            due=task.due_date,
            status=task.get_status_display(),
            note=_("Drawn at random for an on-site inspection; the result is published on the draw's page."),
        )
        for task in rows
    ]
    return WorkList(items, total, reverse("enforcement:public_draws"))


def _tasks(*, overdue_only: bool) -> Callable[[User, date], WorkList]:
    """Inspection tasks the user may see still to carry out (all of them, or only the overdue ones)."""

    def items(user: User, today: date) -> WorkList:
        tasks = InspectionTask.objects.restrict(user, "view").filter(status=ASSIGNED)
        if overdue_only:
            tasks = tasks.filter(due_date__lt=today)
        total = tasks.count()
        rows = tasks.select_related("draw", "enterprise").order_by("due_date", "pk")[:ITEMS]
        return WorkList(
            [
                WorkItem(
                    title=task.enterprise.name,
                    url=task.get_absolute_url(),
                    due=task.due_date,
                    status=task.get_status_display(),
                    note=task.draw.title if task.draw else "",
                )
                for task in rows
            ],
            total,
            f"{reverse('enforcement:task_list')}?status={ASSIGNED}",
        )

    return items


def _escalated(user: User, today: date) -> WorkList:
    """Findings escalated to a case for which no case has been opened yet."""
    findings = finding_list(user=user, statuses=[FindingStatus.ESCALATED]).exclude(
        pk__in=Case.objects.filter(finding__isnull=False).values("finding_id")
    )
    total = findings.count()
    rows = findings.select_related("enterprise").order_by("due_date", "pk")[:ITEMS]
    return WorkList(
        [
            WorkItem(
                title=f"{finding.enterprise.name} · {finding.substance}",
                url=finding.get_absolute_url(),
                status=finding.get_status_display(),
                note=finding.note,
            )
            for finding in rows
        ],
        total,
        f"{reverse('compliance:finding_list')}?status={FindingStatus.ESCALATED}",
    )


# --- deadline: inspections coming due ------------------------------------------------------------------------
def _ancestor_ids(district: District) -> list[int]:
    ids = []
    node: District | None = district
    for _level in range(DEPTH):
        if node is None:
            break
        ids.append(node.pk)
        node = node.parent if node.parent_id is not None else None
    return ids


def inspection_deadlines(today: date, horizon: date) -> Iterator[Deadline]:
    """Inspection tasks due by ``horizon`` and not carried out (overdue ones too).

    Recipients: the inspectors' platform accounts and the officials of the enterprise's district; when there are
    none, whoever made the draw. Three queries in all.
    """
    tasks = list(
        InspectionTask.objects.filter(status=ASSIGNED, due_date__lte=horizon)
        .select_related("enterprise__district__parent__parent__parent", "draw")
        .order_by("due_date", "pk")
    )
    if not tasks:
        return
    inspectors: dict[int, set[int]] = defaultdict(set)
    links = InspectionTask.inspectors.through.objects.filter(
        inspectiontask_id__in=[t.pk for t in tasks], inspector__user__is_active=True
    )
    for task_id, user_id in links.values_list("inspectiontask_id", "inspector__user_id"):
        inspectors[task_id].add(user_id)
    divisions = {t.pk: _ancestor_ids(t.enterprise.district) for t in tasks}
    officials: dict[int, set[int]] = defaultdict(set)
    district_users = User.objects.filter(
        is_active=True, role=Role.DISTRICT, district_id__in={pk for ids in divisions.values() for pk in ids}
    )
    for district_id, user_id in district_users.values_list("district_id", "pk"):
        officials[district_id].add(user_id)
    for task in tasks:
        recipients = inspectors[task.pk] | {uid for pk in divisions[task.pk] for uid in officials[pk]}
        if not recipients and task.draw and task.draw.created_by_id:
            recipients = {task.draw.created_by_id}
        if recipients:
            yield Deadline(
                kind="inspection_due",
                key=f"enforcement.inspectiontask:{task.pk}",
                recipients=tuple(sorted(recipients)),
                title=str(task.enterprise.name),
                url=task.get_absolute_url(),
                due=task.due_date,
            )


def register() -> None:
    """Called once from EnforcementConfig.ready()."""
    registry.add_widget(
        WorkWidget(
            "enforcement.announced",
            gettext_lazy("Our random inspections"),
            frozenset({Role.ENTERPRISE}),
            _announced,
            order=40,
            icon="search",
        )
    )
    registry.add_widget(
        WorkWidget(
            "enforcement.district_tasks",
            gettext_lazy("Inspections to carry out"),
            frozenset({Role.DISTRICT}),
            _tasks(overdue_only=False),
            order=30,
            icon="clipboard2-check",
        )
    )
    registry.add_widget(
        WorkWidget(
            "enforcement.overdue_tasks",
            gettext_lazy("Overdue inspections"),
            BUREAU,
            _tasks(overdue_only=True),
            order=40,
            icon="alarm",
        )
    )
    registry.add_widget(
        WorkWidget(
            "enforcement.escalated",
            gettext_lazy("Escalated findings without a case"),
            BUREAU,
            _escalated,
            order=30,
            icon="shield-exclamation",
        )
    )
    registry.add_deadline_source(DeadlineSource("enforcement.inspection_due", inspection_deadlines))
