"""Regressions for the work-plan review: scope of coordination data, figures, evaluation arithmetic, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from npgov.core.models import Department, District
from npgov.workplan.models import Indicator, IndicatorRecord, Kpi, ProgressRequest, Task
from npgov.workplan.selectors import plan_evaluation
from npgov.workplan.services.progress import progress_report_submit, progress_request_issue
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_enterprises_and_experts_do_not_see_the_evaluation(personas: Personas) -> None:
    plan = Task.objects.get(key="D-T01").plan
    url = reverse("workplan:plan_evaluation", args=[plan.pk])
    assert client_for(personas.enterprise).get(url).status_code == 403
    page = client_for(personas.expert).get(plan.get_absolute_url())
    assert page.context["by_department"] is None


def test_a_district_sees_only_its_own_kpi_values(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    for code, value in (("210211", 70), ("210213", 90)):
        kpi.values.create(district=District.objects.get(code=code), period_end="2025-12-31", value=value)
    status = client_for(personas.district).get(kpi.get_absolute_url()).context["status"]
    assert [s.district.code for s in status] == ["210211"]


def test_a_second_department_cannot_overwrite_figures(personas: Personas) -> None:
    ocean = UserFactory(username="hy", role="department", department=Department.objects.get(code="dl-ocean"))
    indicator = Indicator.objects.get(key="aquaculture-residue-monitoring")
    data = {"district": District.objects.get(code="210211").pk, "period_end": "2025-12-31"}
    url = reverse("workplan:indicator_detail", args=[indicator.pk])
    assert (
        client_for(personas.department)
        .post(url, {**data, "f_samples_tested": 50, "f_samples_exceeding": 2})
        .status_code
        == 302
    )
    response = client_for(ocean).post(url, {**data, "f_samples_tested": 1, "f_samples_exceeding": 0})
    assert response.status_code == 200
    assert IndicatorRecord.objects.get().values["samples_tested"] == 50


def test_a_task_is_not_done_while_a_department_has_not_answered(personas: Personas) -> None:
    task = Task.objects.get(key="D-T07")  # four departments
    request = progress_request_issue(
        plan=task.plan,
        title="t",
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate(),
        due_date=timezone.localdate() + timedelta(days=5),
        tasks=[task],
        issued_by=personas.bureau,
    )
    report = request.reports.get(department__code="dl-ara")
    progress_report_submit(
        report=report, submitted_by=personas.department, status="done", percent_done=100, text="完成"
    )
    evaluation = plan_evaluation(plan=task.plan, year=timezone.localdate().year)
    row = next(t for t in evaluation["tasks"] if t.task == task)
    assert row.status == "in_progress" and row.percent == 25


def test_a_correction_keeps_the_first_submission_time(personas: Personas) -> None:
    task = Task.objects.get(key="D-T08")
    request = progress_request_issue(
        plan=task.plan,
        title="t",
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate(),
        due_date=timezone.localdate() + timedelta(days=5),
        tasks=[task],
        issued_by=personas.bureau,
    )
    report = request.reports.get(department__code="dl-ara")
    progress_report_submit(
        report=report, submitted_by=personas.department, status="in_progress", percent_done=10, text="a"
    )
    first = report.submitted_at
    progress_report_submit(
        report=report, submitted_by=personas.department, status="in_progress", percent_done=20, text="b"
    )
    report.refresh_from_db()
    assert report.submitted_at == first and report.percent_done == 20


def test_corrected_figures_without_a_base_remove_the_computed_kpi_value(personas: Personas) -> None:
    indicator = Indicator.objects.get(key="pesticide-packaging")
    url = reverse("workplan:indicator_detail", args=[indicator.pk])
    base = {
        "district": District.objects.get(code="210211").pk,
        "period_end": "2025-12-31",
        "f_treated_t": 0,
        "f_villages_total": 0,
        "f_villages_covered": 0,
    }
    client_for(personas.department).post(url, {**base, "f_used_t": 10, "f_collected_t": 9})
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    assert kpi.values.get().value == 90
    client_for(personas.department).post(url, {**base, "f_used_t": 0, "f_collected_t": 0})
    assert not kpi.values.exists()


def test_a_period_far_in_the_future_is_refused(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    client_for(personas.department).post(
        kpi.get_absolute_url(),
        {"district": District.objects.get(code="210211").pk, "period_end": "9999-12-31", "value": "10"},
    )
    assert not kpi.values.exists()


@pytest.mark.parametrize("url_name", ["workplan:plan_list", "capacity:expert_list"])
def test_non_ascii_digits_in_the_query_are_ignored(personas: Personas, url_name: str) -> None:
    assert client_for(personas.bureau).get(reverse(url_name), {"page": "²", "per_page": "²"}).status_code == 200


def test_a_huge_task_id_is_a_form_error(personas: Personas) -> None:
    plan = Task.objects.get(key="D-T01").plan
    response = client_for(personas.bureau).post(
        reverse("workplan:request_add"),
        {
            "plan": plan.pk,
            "title": "x",
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
            "due_date": "2026-02-10",
            "tasks": [str(10**23)],
        },
    )
    assert response.status_code == 200 and not ProgressRequest.objects.exists()


def test_capacity_refuses_negative_numbers_and_other_cities(personas: Personas) -> None:
    client = client_for(personas.department)
    data = {
        "kind": "pilot",
        "title": "x",
        "lead_organisation": "y",
        "department": personas.department.department_id,
        "status": "planned",
        "budget_10k_yuan": "-500",
    }
    assert client.post(reverse("capacity:project_add"), data).status_code == 200
    data.update(budget_10k_yuan="10", district=District.objects.get(code="320706").pk)
    assert client.post(reverse("capacity:project_add"), data).status_code == 200
    from npgov.capacity.models import Project

    assert not Project.objects.exists()
