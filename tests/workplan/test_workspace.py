"""The work plan's workspace widgets and deadline sources: own work first, overdue first, bounded queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from npgov.core.models import Department, District, User
from npgov.core.registry import WorkList, registry
from npgov.workplan import workspace
from npgov.workplan.models import Indicator, Task
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.workplan.factories import (
    IndicatorRecordFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProgressRequestFactory,
    SupervisionOrderFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def assert_followable(user: User, work: WorkList) -> None:
    """Every item (and the "more" link) is a page the user may open."""
    client = client_for(user)
    for url in [item.url for item in work.items] + ([work.more_url] if work.more_url else []):
        assert client.get(url).status_code == 200, url


def fresh(user: User) -> User:
    """The user as a new request would load it (no cached relations)."""
    return User.objects.get(pk=user.pk)


def make_dispatch(due: date, *, department: str = "dl-ara", n: int = 1) -> None:
    request = ProgressRequestFactory(due_date=due, period_start=due - timedelta(days=90), period_end=due)
    for _ in range(n):
        ProgressReportFactory(request=request, department=dept(department))


def test_a_department_sees_the_answers_it_owes_overdue_first(personas: Personas) -> None:
    # given answers owed by agriculture (one overdue) and by ecology
    make_dispatch(today() + timedelta(days=10))
    make_dispatch(today() - timedelta(days=3))
    make_dispatch(today() - timedelta(days=30), department="dl-eeb")
    user = personas.department
    # when (in English: the status is a label in the reader's language)
    with translation.override("en"):
        work = workspace.progress_answers(fresh(user), today())
    # then only its own two, the overdue one first, each a page it may open
    assert work is not None and work.total == 2
    assert [i.due for i in work.items] == [today() - timedelta(days=3), today() + timedelta(days=10)]
    assert work.items[0].overdue(today()) and str(work.items[0].status) == "Overdue"
    assert_followable(user, work)


def test_answer_widgets_cost_the_same_queries_with_more_data(personas: Personas) -> None:
    user = personas.department
    make_dispatch(today() + timedelta(days=10))
    few = queries(lambda: workspace.progress_answers(fresh(user), today()))
    for days in range(12):
        make_dispatch(today() - timedelta(days=days), n=2)
    work = workspace.progress_answers(fresh(user), today())
    assert work is not None and work.total == 25 and len(work.items) == workspace.SHOWN and work.more_url
    assert queries(lambda: workspace.progress_answers(fresh(user), today())) == few
    assert_followable(user, work)


def test_a_department_sees_the_indicators_it_has_not_entered_for_the_period(personas: Personas) -> None:
    user = personas.department
    period_end, due = workspace.indicator_period(today())
    work = workspace.indicators_due(fresh(user), today())
    owned = [i for i in Indicator.objects.all() if set(dept("dl-ara").names()) & set(i.department_names)]
    assert work is not None and owned and work.total == len(owned)
    assert all(item.due == due for item in work.items)
    assert_followable(user, work)
    # when it enters one indicator's figures for the period, that one leaves the list
    entered = Indicator.objects.get(key="pesticide-packaging")
    IndicatorRecordFactory(indicator=entered, department=dept("dl-ara"), period_end=period_end, entered_by=user)
    after = workspace.indicators_due(fresh(user), today())
    assert after is not None and after.total == len(owned) - 1
    assert entered.name_zh not in [i.title for i in after.items]
    # a figure of an older period does not count
    older = Indicator.objects.get(key="veterinary-antimicrobial-reduction")
    IndicatorRecordFactory(indicator=older, department=dept("dl-ara"), period_end=date(2020, 12, 31), entered_by=user)
    assert older.name_zh in [i.title for i in workspace.indicators_due(fresh(user), today()).items]  # type: ignore[union-attr]


def test_the_indicator_period_is_the_last_half_year_ended() -> None:
    assert workspace.indicator_period(date(2026, 12, 2)) == (date(2026, 6, 30), date(2026, 7, 31))
    assert workspace.indicator_period(date(2027, 1, 5)) == (date(2026, 12, 31), date(2027, 1, 31))
    assert workspace.indicator_period(date(2026, 6, 30))[0] == date(2025, 12, 31)


def test_a_department_sees_its_supervision_orders_and_no_other(personas: Personas) -> None:
    user = personas.department
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() + timedelta(days=20))
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() - timedelta(days=2))
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() - timedelta(days=9), status="closed")
    SupervisionOrderFactory(department=dept("dl-eeb"), deadline=today() - timedelta(days=5))
    few = queries(lambda: workspace.open_orders(fresh(user), today()))
    work = workspace.open_orders(fresh(user), today())
    assert work is not None and work.total == 2
    assert work.items[0].overdue(today()) and not work.items[1].overdue(today())
    assert_followable(user, work)
    for _ in range(10):
        SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() + timedelta(days=3))
    assert queries(lambda: workspace.open_orders(fresh(user), today())) == few


def test_a_district_sees_its_dispatches_and_local_tasks(personas: Personas) -> None:
    user = personas.district
    request = ProgressRequestFactory(due_date=today() - timedelta(days=1))
    task = Task.objects.get(key="D-T01")
    from tests.workplan.factories import ProgressReportFactory as Report

    Report(request=request, task=task, department=None, district=District.objects.get(code="210211"))
    Report(request=request, task=task, department=None, district=District.objects.get(code="210202"))
    answers = workspace.progress_answers(fresh(user), today())
    assert answers is not None and answers.total == 1 and answers.items[0].overdue(today())
    assert_followable(user, answers)
    local = workspace.local_tasks(fresh(user), today())
    expected = Task.objects.filter(plan__city__code="210200", district_responsibility=True).count()
    assert local is not None and expected and local.total == expected
    assert_followable(user, local)


def test_the_bureau_sees_overdue_answers_by_department_name(personas: Personas) -> None:
    user = personas.bureau
    make_dispatch(today() - timedelta(days=4), n=2)
    make_dispatch(today() - timedelta(days=8), department="dl-eeb")
    make_dispatch(today() + timedelta(days=8), department="dl-eeb")  # not overdue
    work = workspace.overdue_answers_by_department(fresh(user), today())
    assert work is not None and work.total == 2
    # the longest overdue first, each line naming the department
    assert work.items[0].title.startswith("大连市生态环境局") and work.items[0].due == today() - timedelta(days=8)
    assert work.items[1].title.startswith("大连市农业农村局") and "2" in work.items[1].title
    assert_followable(user, work)
    few = queries(lambda: workspace.overdue_answers_by_department(fresh(user), today()))
    for code in ("dl-ara", "dl-eeb"):
        make_dispatch(today() - timedelta(days=20), department=code, n=3)
    assert queries(lambda: workspace.overdue_answers_by_department(fresh(user), today())) == few


def test_the_bureau_sees_overdue_orders_and_milestones_due_soon(personas: Personas) -> None:
    user = personas.bureau
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() - timedelta(days=2))
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() + timedelta(days=2))
    orders = workspace.overdue_orders(fresh(user), today())
    assert orders is not None and orders.total == 1 and orders.items[0].title.startswith("大连市农业农村局")
    assert_followable(user, orders)
    MilestoneFactory(date=today() + timedelta(days=5))
    MilestoneFactory(date=today() + timedelta(days=200))
    soon = workspace.milestones_soon(fresh(user), today())
    base = soon.total if soon else 0
    assert soon is not None and any(i.due == today() + timedelta(days=5) for i in soon.items)
    assert all(today() <= i.due <= today() + timedelta(days=30) for i in soon.items if i.due)  # type: ignore[operator]
    assert_followable(user, soon)
    few = queries(lambda: workspace.milestones_soon(fresh(user), today()))
    for n in range(10):
        MilestoneFactory(date=today() + timedelta(days=n))
    after = workspace.milestones_soon(fresh(user), today())
    assert after is not None and after.total == base + 10
    assert queries(lambda: workspace.milestones_soon(fresh(user), today())) == few


def test_each_role_gets_its_widgets_only(personas: Personas) -> None:
    keys = {role: {w.key for w in registry.widgets_for(getattr(personas, role))} for role in
            ("bureau", "department", "district", "enterprise", "expert")}  # fmt: skip
    assert {"workplan-answers", "workplan-indicators", "workplan-orders"} <= keys["department"]
    assert {"workplan-answers", "workplan-local-tasks"} <= keys["district"]
    assert {"workplan-overdue-answers", "workplan-overdue-orders", "workplan-milestones"} <= keys["bureau"]
    assert not {k for k in keys["enterprise"] | keys["expert"] if k.startswith("workplan")}
    assert "workplan-answers" not in keys["bureau"]


def test_every_workplan_widget_item_opens_for_its_user(personas: Personas) -> None:
    make_dispatch(today() - timedelta(days=3))
    SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() - timedelta(days=2))
    MilestoneFactory(date=today() + timedelta(days=3))
    for role in ("bureau", "department", "district"):
        user = getattr(personas, role)
        for widget in registry.widgets_for(user):
            if widget.key.startswith("workplan"):
                work = widget.items(fresh(user), today())
                if work is not None:
                    assert_followable(user, work)


# --- deadlines ----------------------------------------------------------------------------------------------------
def test_dispatch_deadlines_go_to_the_users_of_the_department_asked(personas: Personas) -> None:
    colleague = UserFactory(role="department", department=dept("dl-ara"))
    UserFactory(role="department", department=dept("dl-ara"), is_active=False)
    make_dispatch(today() + timedelta(days=6), n=3)  # three tasks, one reminder
    make_dispatch(today() + timedelta(days=60))  # beyond the horizon
    deadlines = workspace.dispatch_deadlines(today(), today() + timedelta(days=7))
    assert len(deadlines) == 1
    assert deadlines[0].kind == "dispatch_due" and deadlines[0].due == today() + timedelta(days=6)
    assert set(deadlines[0].recipients) == {personas.department.pk, colleague.pk}
    assert client_for(personas.department).get(deadlines[0].url).status_code == 200
    few = queries(lambda: workspace.dispatch_deadlines(today(), today() + timedelta(days=7)))
    for days in range(5):
        make_dispatch(today() - timedelta(days=days), department="dl-eeb", n=2)
    assert queries(lambda: workspace.dispatch_deadlines(today(), today() + timedelta(days=7))) == few


def test_order_and_milestone_deadlines(personas: Personas) -> None:
    order = SupervisionOrderFactory(department=dept("dl-ara"), deadline=today() + timedelta(days=1))
    found = workspace.order_deadlines(today(), today() + timedelta(days=7))
    assert [(d.kind, d.key, d.recipients) for d in found] == [
        ("order_due", f"workplan.supervisionorder:{order.pk}", (personas.department.pk,))
    ]
    task = TaskFactory()
    TaskAssignmentFactory(task=task, department=dept("dl-ara"), role="lead")
    TaskAssignmentFactory(task=task, department=dept("dl-eeb"), role="co")
    milestone = MilestoneFactory(task=task, date=today() + timedelta(days=2))
    deadlines = [d for d in workspace.milestone_deadlines(today(), today() + timedelta(days=7))
                 if d.key == f"workplan.milestone:{milestone.pk}"]  # fmt: skip
    # the lead department's users only
    assert len(deadlines) == 1 and deadlines[0].recipients == (personas.department.pk,)
    assert deadlines[0].kind == "milestone_due"
    assert client_for(personas.department).get(deadlines[0].url).status_code == 200
    few = queries(lambda: workspace.milestone_deadlines(today(), today() + timedelta(days=7)))
    for n in range(5):
        MilestoneFactory(task=task, date=today() + timedelta(days=n))
    assert queries(lambda: workspace.milestone_deadlines(today(), today() + timedelta(days=7))) == few


def test_the_deadline_sources_are_registered() -> None:
    keys = {s.key for s in registry.deadline_sources}
    assert {"workplan-dispatch", "workplan-order", "workplan-milestone", "risk-review"} <= keys
