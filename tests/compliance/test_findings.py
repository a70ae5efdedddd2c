"""The compliance check over survey data: findings, idempotent re-runs, resolution, the workflow, the KPI."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from npgov.compliance import services
from npgov.compliance.calculators import findings_closed_on_time
from npgov.compliance.models import Finding
from npgov.core.models import District, User
from npgov.enterprises.models import Enterprise
from npgov.substances.models import Substance
from npgov.surveys.models import Campaign, Submission, SubmissionLine
from npgov.surveys.services.workflow import line_save, submission_review, submission_start, submission_submit
from npgov.workplan.models import Plan
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.surveys.test_workflow import enterprise  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def accepted_report(company: Enterprise, admin: User, year: int, cas: str, activity: str, exempted: str) -> Submission:
    campaign, _new = Campaign.objects.get_or_create(
        city=District.objects.get(code="210200"), year=year,
        defaults={"title": f"{year}年度调查", "deadline": date(year + 1, 6, 30)},
    )  # fmt: skip
    submission = submission_start(campaign=campaign, enterprise=company, user=admin)
    details = {"process": "间歇反应", "disposal": "委托处置", "control_measures": "密闭", "exempted_use": exempted}
    releases = {"release_air_kg": Decimal(0), "release_water_kg": Decimal(0), "release_soil_kg": Decimal(0),
                "transfer_kg": Decimal(0)}  # fmt: skip
    line_save(submission=submission, user=admin, identifier=cas, activity=activity, quantity_t=Decimal("2"),
              uses="试验", releases=releases, details=details)  # fmt: skip
    submission_submit(submission=submission, user=admin, filler="甲", reviewer="乙", legal_representative="丙")
    submission_review(submission=submission, user=admin, approve=True)
    submission_review(submission=submission, user=admin, approve=True)
    return submission


@pytest.fixture
def reports(personas: Personas, enterprise: Enterprise) -> dict[str, Submission]:  # noqa: F811
    admin = personas.sysadmin
    return {
        "expired": accepted_report(enterprise, admin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂"),
        "exempt": accepted_report(enterprise, admin, 2023, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂"),
    }


def test_the_check_finds_an_expired_exemption_not_a_valid_one_and_is_idempotent(reports: dict) -> None:
    first = services.compliance_run()
    bans = Finding.objects.filter(rule__in=["ban", "ban_began", "exemption_expired"])
    assert [(f.year, f.rule, f.severity) for f in bans] == [(2024, "exemption_expired", "high")]
    finding = bans.get()
    assert "2023-12-31" in finding.explanation and finding.legal_basis
    assert finding.due_date == finding.opened_on + timedelta(days=30)
    assert finding.department is not None and finding.department.is_lead
    again = services.compliance_run()
    assert (again.opened, again.unchanged, again.resolved) == (0, first.opened + first.unchanged, 0)
    assert Finding.objects.count() == first.opened


def test_a_finding_whose_cause_is_gone_is_resolved_not_deleted(reports: dict) -> None:
    services.compliance_run()
    finding = Finding.objects.get(rule="exemption_expired")
    # the line's substance was mistyped: the corrected report names dichloromethane instead of PFOS
    SubmissionLine.objects.filter(submission=reports["expired"]).update(substance=Substance.objects.get(cas="75-09-2"))
    counts = services.compliance_run()
    finding.refresh_from_db()
    assert counts.resolved >= 1 and finding.status == "resolved" and "no longer finds" in finding.note


def test_the_command_prints_the_counts(reports: dict) -> None:
    out = io.StringIO()
    call_command("compliance", "run", stdout=out)
    assert out.getvalue().startswith("opened=")
    out = io.StringIO()
    call_command("compliance", "run", stdout=out)
    # nothing changed since: the enterprise is skipped and its findings count as unchanged
    assert out.getvalue().strip().startswith("opened=0 unchanged=")
    assert out.getvalue().strip().endswith("resolved=0 checked=0 skipped=1")
    out = io.StringIO()
    call_command("compliance", "run", "--full", stdout=out)
    assert out.getvalue().strip().endswith("resolved=0 checked=1 skipped=0")


def test_the_workflow_enterprise_rectifies_district_closes(personas: Personas, reports: dict) -> None:
    services.compliance_run()
    finding = Finding.objects.get(rule="exemption_expired")
    eve = client_for(personas.enterprise)
    url = reverse("compliance:finding_action", args=[finding.pk])
    eve.post(url, {"action": "rectify", "text": "已停止使用，库存委托处置"})
    finding.refresh_from_db()
    assert finding.status == "rectification_submitted"
    eve.post(url, {"action": "close", "text": "自己关闭"})  # an enterprise cannot close its own finding
    finding.refresh_from_db()
    assert finding.status == "rectification_submitted"
    client_for(personas.district).post(url, {"action": "close", "text": "现场核查属实"})
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_by == personas.district and finding.closed_on_time
    assert finding.history.count() >= 3


def test_bad_workflow_steps_are_refused(personas: Personas, reports: dict) -> None:
    services.compliance_run()
    finding = Finding.objects.get(rule="exemption_expired")
    with pytest.raises(ValidationError):
        services.finding_submit_rectification(finding=finding, user=personas.enterprise, text="  ")
    with pytest.raises(ValidationError):
        services.finding_close(finding=finding, user=personas.bureau)  # nothing submitted yet
    with pytest.raises(PermissionDenied):
        services.finding_close(finding=finding, user=personas.enterprise)
    with pytest.raises(ValidationError):
        services.finding_escalate(finding=finding, user=personas.bureau, note="")
    services.finding_escalate(finding=finding, user=personas.bureau, note="拒不整改，移交执法")
    assert Finding.objects.get(pk=finding.pk).status == "escalated"


def test_other_enterprises_see_nothing(personas: Personas, reports: dict) -> None:
    services.compliance_run()
    finding = Finding.objects.filter(rule="exemption_expired").get()
    other = UserFactory(username="other", role="enterprise")  # an enterprise user of no enterprise
    assert client_for(other).get(finding.get_absolute_url()).status_code == 404
    assert client_for(other).get(reverse("api:compliance-finding-list")).json()["count"] == 0
    mine = client_for(personas.enterprise).get(reverse("api:compliance-finding-list")).json()
    assert finding.pk in [f["id"] for f in mine["results"]]


def test_findings_closed_on_time_kpi(personas: Personas, reports: dict) -> None:
    services.compliance_run(today=date(2025, 1, 1))
    plan = Plan.objects.get(key="dalian-2023")
    assert findings_closed_on_time(plan, plan.city, date(2025, 12, 31)) == 0.0
    finding = Finding.objects.get(rule="exemption_expired")
    services.finding_submit_rectification(finding=finding, user=personas.enterprise, text="已整改")
    services.finding_close(finding=finding, user=personas.bureau)
    Finding.objects.filter(pk=finding.pk).update(closed_at=datetime(2025, 1, 20, tzinfo=UTC))  # within 30 days
    due_in_2025 = Finding.objects.exclude(status="resolved").filter(due_date__year=2025).count()
    assert findings_closed_on_time(plan, plan.city, date(2025, 12, 31)) == pytest.approx(100 / due_in_2025)
    assert findings_closed_on_time(plan, plan.city, date(2020, 12, 31)) is None


def test_a_resolved_finding_reopens_when_its_cause_comes_back(reports: dict) -> None:
    services.compliance_run()
    line = SubmissionLine.objects.get(submission=reports["expired"])
    pfos = line.substance_id
    SubmissionLine.objects.filter(pk=line.pk).update(substance=Substance.objects.get(cas="75-09-2"))
    services.compliance_run()
    finding = Finding.objects.get(rule="exemption_expired")
    assert finding.status == "resolved"
    SubmissionLine.objects.filter(pk=line.pk).update(substance_id=pfos)  # the report is corrected back
    counts = services.compliance_run()
    finding.refresh_from_db()
    assert finding.status == "open" and counts.opened >= 1 and "Reopened" in finding.note
