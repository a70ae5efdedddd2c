"""The work plan's read API: plans and tasks for everyone, coordination records for the officials, as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from npgov.core.models import District, User
from npgov.workplan.models import Kpi, Plan, ProgressRequest, Task
from npgov.workplan.services.kpis import kpi_value_record
from npgov.workplan.services.progress import progress_report_submit, progress_request_issue, supervision_order_issue
from tests.conftest import Personas
from tests.workplan.factories import IndicatorRecordFactory

pytestmark = pytest.mark.django_db


def api_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _rows(response) -> list[dict]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _dispatch(personas: Personas) -> ProgressRequest:
    plan = Plan.objects.get(key="dalian-2023")
    return progress_request_issue(
        plan=plan, title="季度调度", period_start=date(2026, 7, 1), period_end=date(2026, 9, 30),
        due_date=date(2099, 10, 15), tasks=[Task.objects.get(key="D-T08")], issued_by=personas.bureau,
    )  # fmt: skip


def test_it_gives_every_signed_in_user_the_plans_and_their_tasks(personas: Personas) -> None:
    plans = _rows(api_for(personas.enterprise).get("/api/workplan/plans/"))
    dalian = next(p for p in plans if p["key"] == "dalian-2023")
    assert dalian["city"] == "210200"
    task = Task.objects.get(key="D-T08")
    row = api_for(personas.expert).get(f"/api/workplan/tasks/{task.pk}/").json()
    assert row["number"] == task.number
    assert [a["department"] for a in row["assignments"]] == list(
        task.assignments.order_by("position").values_list("department__code", flat=True)
    )


def test_it_filters_tasks_by_plan(personas: Personas) -> None:
    plan = Plan.objects.get(key="dalian-2023")
    rows = _rows(api_for(personas.bureau).get(f"/api/workplan/tasks/?plan={plan.pk}&limit=500"))
    assert {r["plan"] for r in rows} == {plan.pk} and len(rows) == plan.tasks.count()


def test_it_shows_dispatches_and_answers_to_officials_only(personas: Personas) -> None:
    dispatched = _dispatch(personas)
    report = dispatched.reports.get(department__code="dl-ara")
    progress_report_submit(report=report, submitted_by=personas.department, status="in_progress", percent_done=40,
                           text="推进中")  # fmt: skip
    for user in (personas.bureau, personas.department, personas.district):
        assert [r["id"] for r in _rows(api_for(user).get("/api/workplan/requests/"))] == [dispatched.pk]
    answers = _rows(api_for(personas.district).get(f"/api/workplan/reports/?request={dispatched.pk}"))
    answer = next(a for a in answers if a["department"] == "dl-ara")
    assert answer["percent_done"] == 40 and answer["late"] is False and answer["has_evidence"] is False
    for user in (personas.enterprise, personas.expert):
        assert api_for(user).get("/api/workplan/requests/").status_code == 403
        assert api_for(user).get("/api/workplan/reports/").status_code == 403


def test_it_shows_supervision_orders_to_departments_but_not_districts(personas: Personas) -> None:
    task = Task.objects.get(key="D-T08")
    order = supervision_order_issue(task=task, department=personas.department.department, deadline=date(2099, 1, 1),
                                    text="请加快", issued_by=personas.bureau)  # fmt: skip
    assert [r["id"] for r in _rows(api_for(personas.department).get("/api/workplan/orders/"))] == [order.pk]
    assert api_for(personas.district).get("/api/workplan/orders/").status_code == 403


def test_it_shows_a_district_its_own_kpi_values(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    for code, value in (("210211", 70.0), ("210213", 90.0)):
        kpi_value_record(kpi=kpi, district=District.objects.get(code=code), period_end=date(2025, 12, 31),
                         value=value, entered_by=personas.bureau)  # fmt: skip
    rows = _rows(api_for(personas.district).get(f"/api/workplan/kpi-values/?kpi={kpi.pk}"))
    assert [(r["district"], r["value"]) for r in rows] == [("210211", 70.0)]
    assert len(_rows(api_for(personas.bureau).get(f"/api/workplan/kpi-values/?kpi={kpi.pk}"))) == 2
    assert api_for(personas.expert).get(f"/api/workplan/kpis/{kpi.pk}/").json()["key"] == kpi.key
    assert api_for(personas.expert).get("/api/workplan/kpi-values/").status_code == 403


def test_it_lists_indicators_and_the_figures_reported(personas: Personas) -> None:
    record = IndicatorRecordFactory()
    indicators = _rows(api_for(personas.district).get("/api/workplan/indicators/?limit=100"))
    assert record.indicator.key in {i["key"] for i in indicators}
    rows = _rows(api_for(personas.department).get(f"/api/workplan/indicator-records/?indicator={record.indicator_id}"))
    assert rows == [{"id": record.pk, "indicator": record.indicator_id, "district": "210211", "department": "dl-eeb",
                     "period_end": "2025-12-31", "values": {"count": 3}, "note": "",
                     "updated_at": rows[0]["updated_at"]}]  # fmt: skip


def test_it_writes_nothing_and_answers_401_to_the_public(personas: Personas) -> None:
    dispatched = _dispatch(personas)
    assert api_for(None).get("/api/workplan/plans/").status_code == 401
    client = api_for(personas.bureau)
    assert client.post("/api/workplan/requests/", {"title": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/workplan/requests/{dispatched.pk}/").status_code == 405
    assert ProgressRequest.objects.count() == 1
