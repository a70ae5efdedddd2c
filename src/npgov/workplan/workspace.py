"""The work plan's part of each user's workspace (工作台) and its deadlines for reminders.

Member departments and districts see the progress answers they owe, the indicators they must enter for
the period and the supervision orders addressed to them; districts the tasks they carry locally; the
bureau what awaits its own decision: overdue answers by department, overdue supervision orders and the
milestones coming up. Every widget costs a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Role
from npgov.core.models import District, User
from npgov.core.registry import Deadline, DeadlineSource, WorkItem, WorkList, WorkWidget, registry
from npgov.workplan.choices import AssignmentRole, OrderStatus
from npgov.workplan.models import (
    Indicator,
    IndicatorRecord,
    Milestone,
    ProgressReport,
    SupervisionOrder,
    Task,
    TaskAssignment,
)

SHOWN = 8  # items per widget; the rest behind "more"
MILESTONE_HORIZON_DAYS = 30  # the bureau's "milestones due soon"
MILESTONE_GRACE_DAYS = 7  # a milestone just passed is still reminded of (milestones carry no "done" state)
INDICATOR_ENTRY_DAYS = 31  # figures of a half year are due a month after it ends

BUREAU_ROLES = frozenset({Role.BUREAU, Role.SYSADMIN})


def indicator_period(today: date) -> tuple[date, date]:
    """The half year whose figures are being entered (the last one ended) and the date they are due."""
    period_end = date(today.year, 6, 30) if today > date(today.year, 6, 30) else date(today.year - 1, 12, 31)
    return period_end, period_end + timedelta(days=INDICATOR_ENTRY_DAYS)


def _answerer_name(report: ProgressReport) -> str:
    answerer = report.department or report.district
    return str(answerer) if answerer is not None else ""


# --- member departments and districts ---------------------------------------------------------------------------
def progress_answers(user: User, today: date) -> WorkList | None:
    """Dispatched tasks awaiting the user's department's (or district's) answer, earliest due first."""
    reports = ProgressReport.objects.restrict(user, "change").filter(submitted_at__isnull=True)
    total = reports.count()
    if not total:
        return WorkList([], 0)
    rows = reports.select_related("task", "request").order_by("request__due_date", "task__position", "pk")[:SHOWN]
    items = [
        WorkItem(
            title=f"{r.task.number} {r.task.title_zh}",
            url=reverse("workplan:report_edit", args=[r.pk]),
            due=r.request.due_date,
            status=_("Overdue") if r.request.due_date < today else _("Awaiting your answer"),
            note=r.request.title,
        )
        for r in rows
    ]
    return WorkList(items, total, reverse("workplan:request_list") if total > SHOWN else None)


def indicators_due(user: User, today: date) -> WorkList | None:
    """Indicators the user's department reports and has not entered for the current half year."""
    department = user.department
    if department is None:
        return None
    period_end, due = indicator_period(today)
    names = set(department.names())
    owned = [i for i in Indicator.objects.order_by("key") if names & set(i.department_names)]
    if not owned:
        return None
    entered = set(
        IndicatorRecord.objects.filter(department=department, period_end=period_end, indicator__in=owned).values_list(
            "indicator_id", flat=True
        )
    )
    missing = [i for i in owned if i.pk not in entered]
    status = _("Overdue") if due < today else _("To enter")
    note = _("figures for the period ending %(date)s") % {"date": period_end.isoformat()}
    items = [WorkItem(i.name_zh, i.get_absolute_url(), due, status, note) for i in missing[:SHOWN]]
    return WorkList(items, len(missing), reverse("workplan:indicator_list") if len(missing) > SHOWN else None)


def open_orders(user: User, today: date) -> WorkList | None:
    """Supervision orders addressed to the user's department and not closed yet, earliest deadline first."""
    orders = SupervisionOrder.objects.restrict(user, "change").filter(status=OrderStatus.OPEN)
    total = orders.count()
    rows = orders.select_related("task").order_by("deadline", "pk")[:SHOWN]
    items = [
        WorkItem(
            title=f"{o.task.number} {o.task.title_zh}",
            url=o.get_absolute_url(),
            due=o.deadline,
            status=_("Overdue") if o.deadline < today else o.get_status_display(),
            note=o.text[:200],
        )
        for o in rows
    ]
    return WorkList(items, total, reverse("workplan:order_list") if total > SHOWN else None)


def local_tasks(user: User, today: date) -> WorkList | None:
    """Tasks of the city's plans that districts carry locally, by their next milestone."""
    if user.district is None:
        return None
    city: District | None = user.district
    while city is not None and city.kind != "city":  # a zone's parent may be a district: a few hops at most
        city = city.parent
    if city is None:
        return None
    tasks = (
        Task.objects.filter(plan__city=city, district_responsibility=True)
        .annotate(next_due=Min("milestones__date", filter=Q(milestones__date__gte=today)))
        .order_by(F("next_due").asc(nulls_last=True), "plan", "position")
    )
    total = tasks.count()
    rows = list(tasks[:SHOWN])
    items = [
        WorkItem(f"{t.number} {t.title_zh}", t.get_absolute_url(), t.next_due, _("Local responsibility")) for t in rows
    ]
    more = reverse("workplan:plan_detail", args=[rows[0].plan_id]) if total > SHOWN and rows else None
    return WorkList(items, total, more)


# --- the bureau -------------------------------------------------------------------------------------------------
def overdue_answers_by_department(user: User, today: date) -> WorkList | None:
    """Unanswered dispatches past their due date, one line per department or district, named."""
    groups = list(
        ProgressReport.objects.filter(submitted_at__isnull=True, request__due_date__lt=today)
        .values("department__name_zh", "district__name_zh")
        .annotate(n=Count("pk"), first_due=Min("request__due_date"), first_request=Min("request_id"))
        .order_by("first_due", "department__name_zh", "district__name_zh")
    )
    items = [
        WorkItem(
            title=_("%(name)s: %(n)s overdue answers") % {"name": g["department__name_zh"] or g["district__name_zh"],
                                                           "n": g["n"]},
            url=reverse("workplan:request_detail", args=[g["first_request"]]),
            due=g["first_due"],
            status=_("Overdue"),
        )
        for g in groups[:SHOWN]
    ]  # fmt: skip
    return WorkList(items, len(groups), reverse("workplan:request_list") if len(groups) > SHOWN else None)


def overdue_orders(user: User, today: date) -> WorkList | None:
    """Supervision orders past their deadline and still open, with the department's name."""
    orders = SupervisionOrder.objects.filter(status=OrderStatus.OPEN, deadline__lt=today)
    total = orders.count()
    rows = orders.select_related("task", "department").order_by("deadline", "pk")[:SHOWN]
    items = [
        WorkItem(
            title=f"{o.department.name_zh}: {o.task.number} {o.task.title_zh}",
            url=o.get_absolute_url(),
            due=o.deadline,
            status=_("Overdue"),
            note=o.text[:200],
        )
        for o in rows
    ]
    return WorkList(items, total, reverse("workplan:order_list") if total > SHOWN else None)


def milestones_soon(user: User, today: date) -> WorkList | None:
    """Milestones of the plans falling due in the coming weeks."""
    milestones = Milestone.objects.filter(date__gte=today, date__lte=today + timedelta(days=MILESTONE_HORIZON_DAYS))
    total = milestones.count()
    rows = milestones.select_related("task").order_by("date", "pk")[:SHOWN]
    items = [
        WorkItem(
            f"{m.task.number} {m.task.title_zh}", m.task.get_absolute_url(), m.date, _("Due soon"), m.what_zh[:200]
        )
        for m in rows
    ]
    return WorkList(items, total, reverse("workplan:plan_list") if total > SHOWN else None)


# --- deadlines for reminders ------------------------------------------------------------------------------------
def _users_by(field: str, ids: Iterable[int], role: str) -> dict[int, tuple[int, ...]]:
    """Active users of the given role by department or district id: one query."""
    found: dict[int, list[int]] = {}
    if ids:
        users = User.objects.filter(is_active=True, role=role, **{f"{field}__in": set(ids)})
        for pk, key in users.values_list("pk", field):
            found.setdefault(key, []).append(pk)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def dispatch_deadlines(today: date, horizon: date) -> list[Deadline]:
    """One deadline per dispatch and department (or district) that still owes answers."""
    groups = list(
        ProgressReport.objects.filter(submitted_at__isnull=True, request__due_date__lte=horizon)
        .values("request_id", "request__title", "request__due_date", "department_id", "district_id")
        .annotate(n=Count("pk"))
        .order_by("request__due_date", "request_id")
    )
    departments = _users_by(
        "department_id", {g["department_id"] for g in groups if g["department_id"]}, Role.DEPARTMENT
    )
    districts = _users_by("district_id", {g["district_id"] for g in groups if g["district_id"]}, Role.DISTRICT)
    deadlines = []
    for g in groups:
        if g["department_id"]:
            recipients, who = departments.get(g["department_id"], ()), f"department:{g['department_id']}"
        else:
            recipients, who = districts.get(g["district_id"], ()), f"district:{g['district_id']}"
        if recipients:
            deadlines.append(
                Deadline(
                    kind="dispatch_due",
                    key=f"workplan.progressrequest:{g['request_id']}:{who}",
                    recipients=recipients,
                    title=g["request__title"],
                    url=reverse("workplan:request_detail", args=[g["request_id"]]),
                    due=g["request__due_date"],
                )
            )
    return deadlines


def order_deadlines(today: date, horizon: date) -> list[Deadline]:
    orders = list(
        SupervisionOrder.objects.filter(status=OrderStatus.OPEN, deadline__lte=horizon).select_related("task")
    )
    users = _users_by("department_id", [o.department_id for o in orders], Role.DEPARTMENT)
    return [
        Deadline("order_due", f"workplan.supervisionorder:{o.pk}", users[o.department_id],
                 f"{o.task.number} {o.task.title_zh}", o.get_absolute_url(), o.deadline)
        for o in orders
        if users.get(o.department_id)
    ]  # fmt: skip


def milestone_deadlines(today: date, horizon: date) -> list[Deadline]:
    milestones = list(
        Milestone.objects.filter(date__gte=today - timedelta(days=MILESTONE_GRACE_DAYS), date__lte=horizon)
        .select_related("task")
        .order_by("date", "pk")
    )
    leads: dict[int, set[int]] = {}
    for task_id, department_id in TaskAssignment.objects.filter(
        task__in={m.task_id for m in milestones}, role=AssignmentRole.LEAD
    ).values_list("task_id", "department_id"):
        leads.setdefault(task_id, set()).add(department_id)
    users = _users_by("department_id", {d for ds in leads.values() for d in ds}, Role.DEPARTMENT)
    deadlines = []
    for m in milestones:
        recipients = tuple(sorted({u for d in leads.get(m.task_id, ()) for u in users.get(d, ())}))
        if recipients:
            deadlines.append(
                Deadline("milestone_due", f"workplan.milestone:{m.pk}", recipients,
                         f"{m.task.number} {m.task.title_zh}: {m.what_zh[:60]}", m.task.get_absolute_url(), m.date)
            )  # fmt: skip
    return deadlines


def register() -> None:
    """Called once from WorkplanConfig.ready()."""
    officials = frozenset({Role.DEPARTMENT, Role.DISTRICT})
    registry.add_widget(
        WorkWidget(
            "workplan-answers", gettext_lazy("Progress answers to give"), officials, progress_answers, 20, "send"
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-indicators",
            gettext_lazy("Indicators to enter for the period"),
            frozenset({Role.DEPARTMENT}),
            indicators_due,
            30,
            "clipboard2-pulse",
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-orders",
            gettext_lazy("Supervision orders addressed to you"),
            frozenset({Role.DEPARTMENT}),
            open_orders,
            25,
            "exclamation-octagon",
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-local-tasks",
            gettext_lazy("Work plan tasks carried by the districts"),
            frozenset({Role.DISTRICT}),
            local_tasks,
            60,
            "list-task",
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-overdue-answers",
            gettext_lazy("Overdue progress answers by department"),
            BUREAU_ROLES,
            overdue_answers_by_department,
            40,
            "send-exclamation",
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-overdue-orders",
            gettext_lazy("Overdue supervision orders"),
            BUREAU_ROLES,
            overdue_orders,
            45,
            "exclamation-octagon",
        )
    )
    registry.add_widget(
        WorkWidget(
            "workplan-milestones",
            gettext_lazy("Milestones due soon"),
            BUREAU_ROLES,
            milestones_soon,
            50,
            "flag",
        )
    )
    registry.add_deadline_source(DeadlineSource("workplan-dispatch", dispatch_deadlines))
    registry.add_deadline_source(DeadlineSource("workplan-order", order_deadlines))
    registry.add_deadline_source(DeadlineSource("workplan-milestone", milestone_deadlines))
