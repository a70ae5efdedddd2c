"""Progress dispatch, answers (one late), supervision, circular; KPI values moving the status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from npgov.core.models import Department, District
from npgov.workplan.models import Kpi, ProgressReport, ProgressRequest, SupervisionOrder, Task
from npgov.workplan.selectors import plan_evaluation
from npgov.workplan.services.progress import progress_report_submit, progress_request_issue
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.workplan.factories import KpiValueFactory

pytestmark = pytest.mark.django_db


def dispatch(client, *task_keys: str, due: date) -> ProgressRequest:  # type: ignore[no-untyped-def]
    plan = Task.objects.get(key=task_keys[0]).plan
    response = client.post(
        reverse("workplan:request_add"),
        {
            "plan": plan.pk,
            "title": "2026年第三季度调度",
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "due_date": due.isoformat(),
            "tasks": [Task.objects.get(key=k).pk for k in task_keys],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ProgressRequest.objects.latest("pk")


def answer(client, report: ProgressReport, **data: object):  # type: ignore[no-untyped-def]
    payload = {"status": "in_progress", "percent_done": 40, "text": "已完成部分工作"}
    payload.update(data)
    return client.post(reverse("workplan:report_edit", args=[report.pk]), payload)


def test_a_late_answered_dispatch_is_followed_by_a_supervision_order_and_a_circular(personas: Personas) -> None:
    # given the bureau dispatches a request on task (八) (pesticides: agriculture and ecology)
    bureau = client_for(personas.bureau)
    request = dispatch(bureau, "D-T08", due=timezone.localdate() - timedelta(days=1))  # already due: answers are late
    assert set(request.reports.values_list("department__code", flat=True)) == {"dl-ara", "dl-eeb"}
    # when agriculture answers (late) and ecology answers too, through the page
    agri_report = request.reports.get(department__code="dl-ara")
    assert answer(client_for(personas.department), agri_report).status_code == 302
    eeb_user = UserFactory(username="eeb", role="department", department=Department.objects.get(code="dl-eeb"))
    eeb_report = request.reports.get(department__code="dl-eeb")
    assert answer(client_for(eeb_user), eeb_report, status="done", percent_done=100).status_code == 302
    agri_report.refresh_from_db()
    assert agri_report.submitted_by == personas.department and agri_report.late
    # then the bureau sees the late answer, issues a supervision order and a circular
    page = bureau.get(request.get_absolute_url()).content.decode()
    assert "迟报" in page
    response = bureau.post(
        reverse("workplan:order_add"),
        {
            "task": agri_report.task_id,
            "department": agri_report.department_id,
            "deadline": "2099-12-31",
            "text": "请于年底前完成回收体系建设",
        },
    )
    order = SupervisionOrder.objects.get()
    assert response["Location"] == order.get_absolute_url() and order.status == "open"
    response = bureau.post(
        reverse("workplan:circular_add", args=[request.pk]), {"title": "第三季度通报", "summary": ""}
    )
    circular = request.circulars.get()
    rows = {r["department"]: r for r in circular.rows}
    assert rows["大连市农业农村局"]["late"] == 1 and rows["大连市生态环境局"]["percent"] == 100
    assert "第三季度通报" in bureau.get(response["Location"]).content.decode()
    assert bureau.get(response["Location"] + "?export=xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_a_department_cannot_answer_for_another(personas: Personas) -> None:
    request = dispatch(client_for(personas.bureau), "D-T02", due=date(2099, 1, 1))  # ecology alone
    report = request.reports.get()
    assert answer(client_for(personas.department), report).status_code == 404
    report.refresh_from_db()
    assert report.submitted_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [({"percent_done": 120}, "100"), ({"status": "done", "percent_done": 50}, "100"), ({"text": " "}, "")],
)
def test_a_bad_answer_is_refused_and_nothing_is_saved(personas: Personas, data: dict, message: str) -> None:
    request = dispatch(client_for(personas.bureau), "D-T08", due=date(2099, 1, 1))
    report = request.reports.get(department__code="dl-ara")
    response = answer(client_for(personas.department), report, **data)
    assert (
        response.status_code == 200
        and "invalid-feedback" in response.content.decode()
        or "alert-danger" in response.content.decode()
    )
    report.refresh_from_db()
    assert report.submitted_at is None and report.percent_done == 0


def test_an_order_to_a_department_without_the_task_is_refused(personas: Personas) -> None:
    task = Task.objects.get(key="D-T02")  # ecology alone
    response = client_for(personas.bureau).post(
        reverse("workplan:order_add"),
        {
            "task": task.pk,
            "department": Department.objects.get(code="dl-ara").pk,
            "deadline": "2099-01-01",
            "text": "x",
        },
    )
    assert response.status_code == 200 and not SupervisionOrder.objects.exists()


def test_agriculture_enters_district_recovery_rates_and_the_status_moves(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    client = client_for(personas.department)  # 市农业农村局 is responsible for task (八)
    url = kpi.get_absolute_url()
    ganjingzi = District.objects.get(code="210211")
    client.post(url, {"district": ganjingzi.pk, "period_end": "2025-06-30", "value": "72.5"})
    status = {s.district.code: s for s in client.get(url).context["status"]}
    assert status["210211"].attained is False
    client.post(url, {"district": ganjingzi.pk, "period_end": "2025-12-31", "value": "83"})
    page = client.get(url)
    status = {s.district.code: s for s in page.context["status"]}
    assert status["210211"].attained is True and status["210211"].value == 83
    assert "达标" in page.content.decode()


def test_a_kpi_value_out_of_range_or_outside_the_city_is_refused(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    client = client_for(personas.department)
    client.post(
        kpi.get_absolute_url(),
        {"district": District.objects.get(code="210211").pk, "period_end": "2025-12-31", "value": "120"},
    )
    assert not kpi.values.exists()
    response = client.post(
        kpi.get_absolute_url(),
        {"district": District.objects.get(code="320703").pk, "period_end": "2025-12-31", "value": "50"},
    )
    assert response.status_code == 200 and not kpi.values.exists()


def test_a_district_enters_only_its_own_values(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    form = client_for(personas.district).get(kpi.get_absolute_url()).context["form"]
    assert list(form.fields["district"].queryset.values_list("code", flat=True)) == ["210211"]


def test_the_expert_cannot_enter_values(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    response = client_for(personas.expert).post(
        kpi.get_absolute_url(), {"district": 1, "period_end": "2025-12-31", "value": "50"}
    )
    assert response.status_code == 403


def test_the_evaluation_report_counts_tasks_kpis_and_key_figures(personas: Personas) -> None:
    # given one task answered done by both of its departments this year, and one KPI value
    bureau = client_for(personas.bureau)
    request = dispatch(bureau, "D-T08", due=date(2099, 1, 1))
    eeb_user = UserFactory(username="eeb2", role="department", department=Department.objects.get(code="dl-eeb"))
    for user, code in ((personas.department, "dl-ara"), (eeb_user, "dl-eeb")):
        answer(client_for(user), request.reports.get(department__code=code), status="done", percent_done=100)
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    client_for(personas.department).post(
        kpi.get_absolute_url(),
        {"district": District.objects.get(code="210211").pk, "period_end": "2025-12-31", "value": "81"},
    )
    # when
    year = timezone.localdate().year
    response = bureau.get(reverse("workplan:plan_evaluation", args=[request.plan.pk]), {"year": year})
    report = response.context["report"]
    # then
    assert report["totals"]["done"] == 1 and report["totals"]["not_reported"] == 14
    assert next(k for k in report["kpis"] if k["kpi"] == kpi)["attained"] == 1
    from npgov.substances.models import Substance

    assert any(f["value"] == Substance.objects.count() for f in report["figures"])  # substances in the registry
    xlsx = bureau.get(reverse("workplan:plan_evaluation", args=[request.plan.pk]), {"year": year, "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_the_plan_page_shows_status_by_department(personas: Personas) -> None:
    bureau = client_for(personas.bureau)
    request = dispatch(bureau, "D-T08", due=timezone.localdate() - timedelta(days=3))
    page = bureau.get(request.plan.get_absolute_url())
    rows = {r["department"].code: r for r in page.context["by_department"]}
    assert rows["dl-ara"]["overdue_reports"] == 1 and rows["dl-eeb"]["lead"] >= 5
    assert 'id="by-department"' in page.content.decode()


def test_districts_answer_for_their_local_responsibility_and_appear_in_the_circular(personas: Personas) -> None:
    # given a dispatch that asks the districts too
    bureau = client_for(personas.bureau)
    plan = Task.objects.get(key="D-T08").plan
    response = bureau.post(
        reverse("workplan:request_add"),
        {
            "plan": plan.pk,
            "title": "属地调度",
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "due_date": "2099-01-01",
            "tasks": [Task.objects.get(key="D-T08").pk],
            "include_districts": "on",
        },
    )
    assert response.status_code == 302
    request = ProgressRequest.objects.get(title="属地调度")
    assert request.reports.filter(district__isnull=False).count() == District.objects.filter(parent=plan.city).count()
    # when Ganjingzi answers through the page
    report = request.reports.get(district__code="210211")
    district_client = client_for(personas.district)
    assert district_client.get(request.get_absolute_url()).status_code == 200
    assert answer(district_client, report, status="done", percent_done=100).status_code == 302
    # it cannot answer for another district
    other = request.reports.get(district__code="210202")
    assert answer(district_client, other).status_code == 404
    # then the circular lists districts beside departments
    rows = {r["department"]: r for r in progress_rows(request)}
    assert rows["甘井子区"]["kind"] == "district" and rows["甘井子区"]["on_time"] == 1
    assert rows["大连市农业农村局"]["kind"] == "department"


def progress_rows(request: ProgressRequest) -> list[dict]:
    from npgov.workplan.services.progress import circular_rows

    return circular_rows(request=request)


def test_the_plans_card_leads_only_the_bureau_to_the_whole_plans(personas: Personas) -> None:
    # what is due from a department or district is on its workspace (test_workspace.py), not on this card
    bureau_page = client_for(personas.bureau).get(reverse("core:home")).content.decode()
    assert "by-department" in bureau_page and "评估报告" in bureau_page
    for role in ("department", "district", "expert"):
        page = client_for(getattr(personas, role)).get(reverse("core:home")).content.decode()
        assert 'id="card-workplan"' not in page


def test_the_platform_kpi_on_answers_given_on_time_is_computed(personas: Personas) -> None:
    from django.core.management import call_command

    # given a dispatch due yesterday: one department answered in time, the other did not answer
    bureau = client_for(personas.bureau)
    request = dispatch(bureau, "D-T08", due=timezone.localdate() + timedelta(days=1))
    answer(client_for(personas.department), request.reports.get(department__code="dl-ara"))
    # two days pass: agriculture had answered in time, ecology never did
    ProgressRequest.objects.filter(pk=request.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    request.reports.filter(department__code="dl-ara").update(submitted_at=timezone.now() - timedelta(days=2))
    kpi = Kpi.objects.get(plan=request.plan, key="progress-answers-on-time")
    # when
    call_command("workplan", "compute-kpis")
    # then the city's value is 50 % (1 of 2), and no district has a value (no district answers were asked)
    values = {v.district.code: v.value for v in kpi.values.all()}
    assert values == {"210200": 50.0}
    page = bureau.get(kpi.get_absolute_url()).content.decode()
    assert 'id="kpi-computed"' in page and 'id="kpi-save"' not in page
    assert bureau.post(kpi.get_absolute_url(), {"action": "compute"}).status_code == 302
    assert client_for(personas.district).post(kpi.get_absolute_url(), {"action": "compute"}).status_code == 403


def test_enterprises_and_experts_do_not_see_the_evaluation(personas: Personas) -> None:
    plan = Task.objects.get(key="D-T01").plan
    url = reverse("workplan:plan_evaluation", args=[plan.pk])
    assert client_for(personas.enterprise).get(url).status_code == 403
    page = client_for(personas.expert).get(plan.get_absolute_url())
    assert page.context["by_department"] is None


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


def test_a_district_sees_only_its_own_kpi_values(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    for code in ("210211", "210213"):
        KpiValueFactory(kpi=kpi, district=District.objects.get(code=code))
    status = client_for(personas.district).get(kpi.get_absolute_url()).context["status"]
    assert [s.district.code for s in status] == ["210211"]


def test_a_period_far_in_the_future_is_refused(personas: Personas) -> None:
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    client_for(personas.department).post(
        kpi.get_absolute_url(),
        {"district": District.objects.get(code="210211").pk, "period_end": "9999-12-31", "value": "10"},
    )
    assert not kpi.values.exists()
