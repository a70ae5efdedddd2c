"""KPIs stay current: the scheduled tick, recomputation after events, when each value was computed, the
manual recompute as a job, and the yearly evaluation reading the same values and survey counts as the pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from npgov.core.models import Department, District, Job
from npgov.core.registry import registry
from npgov.core.signals import emit
from npgov.workplan.models import Kpi, KpiValue, Plan, Task
from npgov.workplan.selectors import plan_evaluation, survey_submissions
from npgov.workplan.services.kpis import current_period_end, kpi_status
from tests.conftest import Personas, client_for
from tests.surveys.factories import CampaignFactory, SubmissionFactory
from tests.workplan.factories import ProgressReportFactory, ProgressRequestFactory

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def dalian() -> Plan:
    return Plan.objects.get(key="dalian-2023")


def on_time_kpi() -> Kpi:
    return Kpi.objects.get(plan=dalian(), key="progress-answers-on-time")


def answers(*, on_time: int, missing: int) -> None:
    """Answers due yesterday on a task of Dalian's plan, one per department: some given in time, some never."""
    yesterday = today() - timedelta(days=1)
    request = ProgressRequestFactory(
        plan=dalian(), due_date=yesterday, period_start=yesterday - timedelta(days=60), period_end=yesterday
    )
    task = Task.objects.get(key="D-T08")
    departments = Department.objects.filter(city__code="210200").order_by("code")[: on_time + missing]
    assert len(departments) == on_time + missing
    for i, department in enumerate(departments):
        submitted = timezone.now() - timedelta(days=3) if i < on_time else None
        ProgressReportFactory(request=request, task=task, department=department, submitted_at=submitted)


def city_value() -> KpiValue | None:
    return KpiValue.objects.filter(kpi=on_time_kpi(), district__code="210200").first()


def test_the_scheduled_tick_recomputes_the_current_month_and_stamps_the_time() -> None:
    tick = next(t for t in registry.ticks if t.key == "workplan-kpis")
    answers(on_time=1, missing=1)
    # when the scheduled job runs
    tick.run(today())
    # then the city's value for this month is there, with the time it was computed
    value = city_value()
    assert value is not None and value.value == 50.0
    assert value.period_end == current_period_end(today()) and value.computed_at is not None
    first, history = value.computed_at, value.history.count()
    # a later run with nothing changed moves the time only (no new history row); a change updates the value
    tick.run(today())
    value.refresh_from_db()
    assert value.computed_at > first and value.history.count() == history
    answers(on_time=2, missing=0)
    tick.run(today())
    value.refresh_from_db()
    assert value.value == 75.0 and value.history.count() == history + 1


def test_the_current_period_is_the_month() -> None:
    assert current_period_end(date(2026, 12, 2)) == date(2026, 12, 31)
    assert current_period_end(date(2028, 2, 10)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("kind", "calculator"),
    [
        ("import_finished", "progress-answers-on-time"),
        ("submission_accepted", "survey-completion"),
        ("finding_closed", "findings-closed-on-time"),
    ],
)
def test_the_events_that_change_the_data_recompute_the_kpis(
    kind: str, calculator: str, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from npgov.core.registry import KpiCalculator

    # the calculator reads the data the event changed (a stand-in returns 42 for the city)
    def stand_in(plan: Plan, district: District, period_end: date) -> float | None:
        return 42.0 if district.pk == plan.city_id else None

    monkeypatch.setitem(registry.calculators, calculator, KpiCalculator(calculator, "x", stand_in))
    kpi = Kpi.objects.get(plan=dalian(), calculator=calculator)
    assert not kpi.values.exists()
    # when the event is sent (after its transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        emit(kind, key="test:1")
    # then the KPI has its value for this month, stamped with the time
    value = kpi.values.get(district__code="210200")
    assert value.value == 42.0 and value.period_end == current_period_end(today()) and value.computed_at is not None


def test_an_accepted_submission_recomputes_only_the_survey_kpi(django_capture_on_commit_callbacks: Any) -> None:
    answers(on_time=1, missing=3)
    with django_capture_on_commit_callbacks(execute=True):
        emit("import_finished", key="test:1")
    value = city_value()
    assert value is not None and value.value == 25.0
    answers(on_time=0, missing=4)
    with django_capture_on_commit_callbacks(execute=True):
        emit("submission_accepted", key="test:2")
    value.refresh_from_db()
    assert value.value == 25.0  # the answers' KPI waits for the scheduled run


def test_other_events_do_not_recompute(django_capture_on_commit_callbacks: Any) -> None:
    answers(on_time=1, missing=1)
    with django_capture_on_commit_callbacks(execute=True):
        emit("review_assigned", key="test:1")
    assert city_value() is None


def test_a_failing_calculator_does_not_fail_the_event(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from npgov.core.registry import KpiCalculator

    def broken(*args: object) -> float:
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.calculators, "progress-answers-on-time", KpiCalculator("x", "x", broken))
    with django_capture_on_commit_callbacks(execute=True):
        emit("submission_accepted", key="test:1")  # no exception reaches the sender
    assert city_value() is None


def test_the_kpi_page_shows_when_each_value_was_computed(personas: Personas) -> None:
    answers(on_time=1, missing=1)
    registry.ticks[[t.key for t in registry.ticks].index("workplan-kpis")].run(today())
    page = client_for(personas.bureau).get(on_time_kpi().get_absolute_url()).content.decode()
    assert 'id="kpi-last-computed"' in page and "kpi-computed-at" in page
    computed = city_value().computed_at  # type: ignore[union-attr]
    assert timezone.localtime(computed).strftime("%Y-%m-%d %H:%M") in page


def test_the_manual_recompute_runs_as_a_job_with_progress(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    answers(on_time=1, missing=1)
    kpi = on_time_kpi()
    bureau = client_for(personas.bureau)
    # when the bureau presses "recompute now"
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(kpi.get_absolute_url(), {"action": "compute"})
    # then it is sent to the job's page (not kept waiting), and the job ran to the end with its progress
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.task == "workplan.kpis_compute" and job.status == "succeeded" and job.progress == 100
    assert job.result["url"] == kpi.get_absolute_url() and job.result["computed"] >= 1
    assert bureau.get(job.get_absolute_url()).status_code == 200
    assert city_value() is not None and city_value().value == 50.0  # type: ignore[union-attr]
    # others may not start it
    assert client_for(personas.district).post(kpi.get_absolute_url(), {"action": "compute"}).status_code == 403


def test_the_evaluation_reads_the_same_kpi_values_as_the_kpi_page(personas: Personas) -> None:
    answers(on_time=1, missing=1)
    registry.ticks[[t.key for t in registry.ticks].index("workplan-kpis")].run(today())
    kpi = Kpi.objects.get(plan=dalian(), key="pesticide-packaging-recovery-rate")
    for code, value in (("210211", 90.0), ("210213", 60.0)):
        KpiValue.objects.filter(kpi=kpi, district__code=code).delete()
        from tests.workplan.factories import KpiValueFactory

        KpiValueFactory(kpi=kpi, district=District.objects.get(code=code), period_end=date(today().year, 1, 31),
                        value=value)  # fmt: skip
    bureau = client_for(personas.bureau)
    report = bureau.get(reverse("workplan:plan_evaluation", args=[dalian().pk]), {"year": today().year}).context[
        "report"
    ]
    rows = {row["kpi"].key: row for row in report["kpis"]}
    for each in (kpi, on_time_kpi()):
        status = bureau.get(each.get_absolute_url()).context["status"]
        assert rows[each.key]["reported"] == len(status)
        assert rows[each.key]["attained"] == sum(1 for s in status if s.attained)
    assert rows[kpi.key]["reported"] == 2 and rows[kpi.key]["attained"] == 1
    # the city's own row is not a district: the computed value's time shows beside the KPI only when a district has one
    assert rows[on_time_kpi().key]["reported"] == len(kpi_status(kpi=on_time_kpi()))


def _survey_pages_count(client: Any, campaign_pk: int) -> int:
    """What the survey submission list shows, status by status, for the campaign."""
    total = 0
    for status in ("submitted", "city_review", "accepted"):
        response = client.get(reverse("surveys:submission_list"), {"campaign": campaign_pk, "status": status})
        assert response.status_code == 200
        total += response.context["table"].paginator.count
    return total


def test_the_evaluation_counts_the_survey_submissions_the_survey_pages_show(personas: Personas) -> None:
    # the survey carried out in the year collects the year before's figures (2025年度调查 in 2026)
    year = today().year
    campaign = CampaignFactory(year=year - 1)
    other_city = CampaignFactory(year=year - 1, city=District.objects.get(code="320700"))
    CampaignFactory(year=year)  # next year's survey: not the one carried out in the year
    for status in ("draft", "submitted", "city_review", "accepted", "accepted", "returned"):
        SubmissionFactory(campaign=campaign, status=status)
    from tests.enterprises.factories import EnterpriseFactory

    elsewhere = EnterpriseFactory(district=District.objects.get(code="210202"))
    SubmissionFactory(campaign=campaign, enterprise=elsewhere, status="accepted")
    SubmissionFactory(campaign=other_city, status="accepted")  # another city's survey is not Dalian's figure
    for user in (personas.bureau, personas.district):
        client = client_for(user)
        report = client.get(reverse("workplan:plan_evaluation", args=[dalian().pk]), {"year": year}).context["report"]
        figure = next(f for f in report["figures"] if f.get("url"))
        assert figure["campaign"] == campaign.title
        shown = _survey_pages_count(client, campaign.pk)
        assert figure["value"] == shown == survey_submissions(plan=dalian(), year=year, user=user)["value"]
        assert client.get(figure["url"]).status_code == 200
    assert survey_submissions(plan=dalian(), year=year, user=personas.bureau)["value"] == 5
    assert survey_submissions(plan=dalian(), year=year, user=personas.district)["value"] == 4
    # the evaluation's own figure is the plan's city's: the year's other surveys are left out
    report = plan_evaluation(plan=dalian(), year=year, user=personas.bureau)
    assert next(f for f in report["figures"] if f.get("url"))["value"] == 5


def test_closing_a_finding_recomputes_the_findings_kpi(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """The whole path: compliance's service sends finding_closed, the work plan recomputes its KPI."""
    from npgov.compliance.services import finding_close
    from tests.compliance.factories import FindingFactory

    kpi = Kpi.objects.get(plan=dalian(), calculator="findings-closed-on-time")
    finding = FindingFactory(status="rectification_submitted", due_date=today(), rectification="已整改")
    assert not kpi.values.exists()
    with django_capture_on_commit_callbacks(execute=True):
        finding_close(finding=finding, user=personas.bureau)
    value = kpi.values.get(district__code="210200")
    assert value.value == 100.0 and value.computed_at is not None
    assert kpi.values.get(district__code="210211").value == 100.0  # the enterprise's district
