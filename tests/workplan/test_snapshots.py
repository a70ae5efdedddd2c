"""Reproducible annual snapshots (issue 18, item 4): a year's evaluation frozen once with its inputs' digests,
rendered from the snapshot byte for byte whatever changes later, and compared year over year with the data
change behind each figure."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from npgov.core.exceptions import ApplicationError
from npgov.core.models import District
from npgov.workplan.figures import digest_of, evaluation_figures
from npgov.workplan.models import EvaluationSnapshot, Kpi, Plan
from npgov.workplan.services.snapshots import evaluation_side, snapshot_compare, snapshot_freeze
from tests.compliance.factories import FindingFactory
from tests.conftest import Personas, client_for
from tests.enforcement.factories import InspectionRecordFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.risk.factories import AssessmentRunFactory, RunResultRowFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory
from tests.workplan.factories import KpiValueFactory

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1  # last year: the year a bureau freezes
REPORT_START, REPORT_END = '<div id="evaluation-report">', "<!-- /evaluation-report -->"


def dalian() -> Plan:
    return Plan.objects.get(key="dalian-2023")


def accepted_report(campaign: Any) -> None:
    """One enterprise's accepted survey report with one processing-and-use line of 1 t."""
    submission = SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="accepted")
    SubmissionLineFactory(submission=submission, activity="processing_use", quantity_t=Decimal("1"))


def ranked_run(*names: str) -> Any:
    """A finished ecological run ranking the given substances, highest score first."""
    run = AssessmentRunFactory(status="done", digest=digest_of(list(names)))
    for position, name in enumerate(names):
        data = {"name": name, "cas": f"50-00-{position}", "risk_score": 5.0 - position, "category": 1}
        RunResultRowFactory(run=run, section="substances", position=position, score=5.0 - position, data=data)
    return run


def last_year_data() -> dict[str, Any]:
    """Last year's data: 3 accepted reports of the survey carried out in it, 2 findings opened, an inspection,
    a KPI value, and a finished run."""
    campaign = CampaignFactory(year=LAST - 1)
    for _ in range(3):
        accepted_report(campaign)
    findings = [FindingFactory(opened_on=date(LAST, 3, 1)) for _ in range(2)]
    InspectionRecordFactory(inspected_on=date(LAST, 7, 1))
    kpi = Kpi.objects.get(plan=dalian(), key="pesticide-packaging-recovery-rate")
    KpiValueFactory(kpi=kpi, district=District.objects.get(code="210211"), period_end=date(LAST, 6, 30), value=81)
    return {"campaign": campaign, "findings": findings, "run": ranked_run("双酚A", "全氟辛酸"), "kpi": kpi}


def report_part(html: str) -> str:
    return html[html.index(REPORT_START) : html.index(REPORT_END)]


def test_it_freezes_every_figure_group_with_the_inputs_and_the_digest(personas: Personas) -> None:
    # given
    data = last_year_data()
    # when
    snapshot = snapshot_freeze(plan=dalian(), year=LAST, user=personas.bureau)
    # then
    stored = EvaluationSnapshot.objects.get(pk=snapshot.pk)
    figures = stored.figures
    assert stored.digest == digest_of(figures) and stored.frozen_by_name == personas.bureau.username
    assert figures["inventory"] == {
        "campaign": data["campaign"].title,
        "rows": [{"activity": "processing_use", "enterprises": 3, "lines": 3, "quantity_t": "3.000"}],
    }
    assert figures["risk"]["run"]["id"] == data["run"].pk and figures["risk"]["ranked"] == 2
    assert [r["name"] for r in figures["risk"]["rows"]] == ["双酚A", "全氟辛酸"]
    assert figures["findings"]["totals"] == {"opened": 2, "closed": 0, "active": 2}
    assert figures["enforcement"]["inspections"] == 1 and figures["enforcement"]["penalty_yuan"] == "0.00"
    kpi = next(k for k in figures["kpis"] if k["key"] == data["kpi"].key)
    assert kpi["districts"] == [
        {"code": "210211", "name": "甘井子区", "value": 81.0, "period_end": f"{LAST}-06-30", "attained": True}
    ]
    assert {f["key"] for f in figures["key_figures"]} >= {"disclosures-published", "complaints-received"}
    assert set(stored.inputs) == {"tasks", "kpis", "inventory", "risk", "findings", "enforcement", "key_figures"}
    assert stored.inputs["inventory"]["counts"] == {"reports": 3, "lines": 3}
    assert stored.inputs["risk"]["run"] == data["run"].pk
    assert stored.history.count() == 1 and stored.history.get().history_user == personas.bureau


def test_it_refuses_to_freeze_a_year_twice_or_a_year_not_begun(personas: Personas) -> None:
    snapshot_freeze(plan=dalian(), year=LAST, user=personas.bureau)
    with translation.override("en"), pytest.raises(ApplicationError, match="a frozen year is never changed"):
        snapshot_freeze(plan=dalian(), year=LAST, user=personas.sysadmin)
    with translation.override("en"), pytest.raises(ApplicationError, match="Only a year that has begun"):
        snapshot_freeze(plan=dalian(), year=LAST + 2, user=personas.bureau)
    assert EvaluationSnapshot.objects.count() == 1
    # the page says so too
    response = client_for(personas.bureau).post(
        reverse("workplan:plan_evaluation_freeze", args=[dalian().pk]), {"year": LAST}, follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert "a frozen year is never changed" in response.content.decode() and EvaluationSnapshot.objects.count() == 1


def test_a_snapshot_refuses_to_be_changed_or_deleted(personas: Personas) -> None:
    snapshot = snapshot_freeze(plan=dalian(), year=LAST, user=personas.bureau)
    snapshot.figures = {"tampered": True}
    with pytest.raises(ApplicationError):
        snapshot.save()
    with pytest.raises(ApplicationError):
        snapshot.delete()
    stored = EvaluationSnapshot.objects.get()
    assert stored.figures != {"tampered": True} and stored.digest == digest_of(stored.figures)


def test_the_frozen_report_and_workbook_stay_byte_for_byte_after_the_data_changes(personas: Personas) -> None:
    # given last year frozen from the page
    data = last_year_data()
    bureau = client_for(personas.bureau)
    url = reverse("workplan:plan_evaluation", args=[dalian().pk])
    response = bureau.post(reverse("workplan:plan_evaluation_freeze", args=[dalian().pk]), {"year": LAST})
    assert response.status_code == 302 and EvaluationSnapshot.objects.filter(year=LAST).exists()
    page = bureau.get(url, {"year": LAST}).content.decode()
    workbook = bureau.get(url, {"year": LAST, "export": "xlsx"}).content
    assert 'id="frozen-badge"' in page and "双酚A" in page
    # when every group's data changes, and the freezer's name too
    accepted_report(data["campaign"])
    data["findings"][0].status, data["findings"][0].closed_at = "closed", datetime(LAST, 12, 1, tzinfo=UTC)
    data["findings"][0].save()
    ranked_run("六氯丁二烯")
    InspectionRecordFactory(inspected_on=date(LAST, 9, 1))
    KpiValueFactory(kpi=data["kpi"], district=District.objects.get(code="210213"), period_end=date(LAST, 6, 30),
                    value=50)  # fmt: skip
    personas.bureau.username = "alice-renamed"
    personas.bureau.save()
    # then the live figures moved, the frozen report and workbook did not
    assert evaluation_figures(plan=dalian(), year=LAST)[0] != EvaluationSnapshot.objects.get().figures
    bureau = client_for(personas.bureau)
    assert report_part(bureau.get(url, {"year": LAST}).content.decode()) == report_part(page)
    assert bureau.get(url, {"year": LAST, "export": "xlsx"}).content == workbook


def test_the_comparison_says_what_moved_and_why(personas: Personas) -> None:
    # given last year frozen, then one more accepted report, a finding closed and a new run
    data = last_year_data()
    snapshot_freeze(plan=dalian(), year=LAST, user=personas.bureau)
    accepted_report(data["campaign"])
    data["findings"][0].status, data["findings"][0].closed_at = "closed", datetime(LAST, 12, 1, tzinfo=UTC)
    data["findings"][0].save()
    new_run = ranked_run("双酚A")
    # when the frozen year is compared with its live figures
    with translation.override("en"):
        old, new = evaluation_side(plan=dalian(), year=LAST), evaluation_side(plan=dalian(), year=LAST, live=True)
        rows = snapshot_compare(old, new)
        moved = {(r.group, r.label): r for r in rows if r.moved}
    # then
    lines = moved[("inventory", "Processing and use: accepted lines")]
    assert (lines.old, lines.new, lines.delta) == (3, 4, "+1")
    assert lines.reason == "accepted survey reports: 3 → 4 (+1); accepted survey lines: 3 → 4 (+1)"
    tonnes = moved[("inventory", "Processing and use: quantity (t/a)")]
    assert (tonnes.old, tonnes.new, tonnes.delta) == ("3.000", "4.000", "+1")
    ranked = moved[("risk", "substances ranked")]
    assert (ranked.old, ranked.new, ranked.delta) == (2, 1, "-1")
    assert ranked.reason == f"run #{new_run.pk} replaced run #{data['run'].pk}; substances ranked: 2 → 1 (-1)"
    closed = moved[("findings", "findings closed in the year")]
    assert (closed.old, closed.new, closed.delta) == (0, 1, "+1")
    assert closed.reason == "findings closed in the year: 0 → 1 (+1); findings still open: 2 → 1 (-1)"
    assert not any(r.group == "enforcement" for r in moved.values())
    unmoved = next(r for r in rows if r.group == "enforcement" and r.label == "inspections carried out")
    assert (unmoved.old, unmoved.new, unmoved.reason) == (1, 1, "")


def test_the_comparison_page_and_its_workbook(personas: Personas) -> None:
    data = last_year_data()
    snapshot_freeze(plan=dalian(), year=LAST, user=personas.bureau)
    accepted_report(data["campaign"])
    url = reverse("workplan:plan_evaluation_compare", args=[dalian().pk])
    page = client_for(personas.bureau).get(url, {"from": LAST, "to": LAST, "moved": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="comparison"' in html
    assert "accepted survey reports: 3 → 4 (+1)" in html
    assert all(r.moved for _, r in page.context["table"])
    workbook = client_for(personas.bureau).get(url, {"from": LAST, "to": LAST + 1, "export": "xlsx"})
    assert workbook["Content-Type"].startswith("application/vnd.openxml")


def test_who_may_read_and_who_may_freeze(personas: Personas) -> None:
    snapshot_freeze(plan=dalian(), year=LAST - 1, user=personas.bureau)
    plan = dalian()
    evaluation = reverse("workplan:plan_evaluation", args=[plan.pk])
    compare = reverse("workplan:plan_evaluation_compare", args=[plan.pk])
    freeze = reverse("workplan:plan_evaluation_freeze", args=[plan.pk])
    for role in ("sysadmin", "bureau", "department", "district"):
        client = client_for(getattr(personas, role))
        assert client.get(evaluation, {"year": LAST - 1}).status_code == 200, role
        assert client.get(compare, {"from": LAST - 1}).status_code == 200, role
    for role in ("enterprise", "expert"):
        client = client_for(getattr(personas, role))
        assert client.get(evaluation, {"year": LAST - 1}).status_code == 403, role
        assert client.get(compare, {"from": LAST - 1}).status_code == 403, role
        assert client.post(freeze, {"year": LAST}).status_code == 403, role
    for role in ("department", "district"):
        client = client_for(getattr(personas, role))
        assert client.post(freeze, {"year": LAST}).status_code == 403, role
        assert 'id="freeze-evaluation"' not in client.get(evaluation, {"year": LAST}).content.decode(), role
    assert client_for(None).get(compare).status_code == 302  # to the login page
    assert not EvaluationSnapshot.objects.filter(year=LAST).exists()
    # the bureau sees the button for a year without a snapshot, and freezes it
    bureau = client_for(personas.bureau)
    assert 'id="freeze-evaluation"' in bureau.get(evaluation, {"year": LAST}).content.decode()
    assert 'id="freeze-evaluation"' not in bureau.get(evaluation, {"year": LAST - 1}).content.decode()
    assert client_for(personas.sysadmin).post(freeze, {"year": LAST}).status_code == 302
    assert EvaluationSnapshot.objects.get(year=LAST).frozen_by == personas.sysadmin


def test_the_command_freezes_and_compares(personas: Personas) -> None:
    data = last_year_data()
    out = StringIO()
    call_command("workplan", "freeze", "--plan", "dalian-2023", "--year", str(LAST), "--user", "alice", stdout=out)
    snapshot = EvaluationSnapshot.objects.get()
    assert out.getvalue().strip() == f"frozen dalian-2023 {LAST} digest={snapshot.digest}"
    assert snapshot.frozen_by == personas.bureau
    with pytest.raises(CommandError):
        call_command("workplan", "freeze", "--plan", "dalian-2023", "--year", str(LAST), stdout=StringIO())
    accepted_report(data["campaign"])
    out = StringIO()
    with translation.override("en"):
        call_command("workplan", "compare", "--plan", "dalian-2023", "--from", str(LAST), "--to", str(LAST), "--json",
                     stdout=out)  # fmt: skip
    result = json.loads(out.getvalue())
    assert result["from"] == {"year": LAST, "digest": snapshot.digest} and result["to"]["digest"] is None
    moved = [r for r in result["rows"] if r["moved"] and r["group"] == "inventory"]
    assert [r["figure"] for r in moved] == ["Processing and use: accepted lines", "Processing and use: quantity (t/a)"]
    assert moved[0]["why"] == "accepted survey reports: 3 → 4 (+1); accepted survey lines: 3 → 4 (+1)"
    with pytest.raises(CommandError):
        call_command("workplan", "compare", "--plan", "nowhere", "--from", str(LAST), stdout=StringIO())


def test_the_command_line_freezes_without_a_user() -> None:
    out = StringIO()
    call_command("workplan", "freeze", "--plan", "dalian-2023", "--year", str(LAST), stdout=out)
    snapshot = EvaluationSnapshot.objects.get(plan__key="dalian-2023", year=LAST)
    assert snapshot.frozen_by is None and snapshot.frozen_by_name == "npgov"


def test_the_api_gives_the_frozen_evaluation_and_the_comparison(personas: Personas) -> None:
    plan = dalian()
    snapshot = snapshot_freeze(plan=plan, year=LAST, user=personas.bureau)
    FindingFactory(opened_on=date(LAST, 9, 1))  # after freezing: the frozen year does not move
    client = client_for(personas.department)
    answer = client.get(f"/api/workplan/plans/{plan.pk}/evaluation/?year={LAST}").json()
    assert (answer["frozen"], answer["digest"]) == (True, snapshot.digest)
    assert answer["frozen_by"] == snapshot.frozen_by_name
    assert answer["figures"] == snapshot.figures and answer["inputs"] == snapshot.inputs
    live = client.get(f"/api/workplan/plans/{plan.pk}/evaluation/?year={LAST + 1}").json()
    assert live["frozen"] is False and live["digest"] is None and live["figures"]["year"] == LAST + 1
    compared = client.get(f"/api/workplan/plans/{plan.pk}/comparison/?from={LAST}&to={LAST + 1}").json()
    assert compared["from"]["frozen"] is True and compared["to"]["frozen"] is False
    expected = [asdict(row) for row in snapshot_compare(evaluation_side(plan=plan, year=LAST),
                                                        evaluation_side(plan=plan, year=LAST + 1))]  # fmt: skip
    assert [{k: v for k, v in row.items() if k != "group_label"} for row in compared["rows"]] == json.loads(
        json.dumps(expected)
    )
    assert all(row["group_label"] for row in compared["rows"])
    refused = client.get(f"/api/workplan/plans/{plan.pk}/comparison/?from=abc")
    assert refused.status_code == 400 and "from" in refused.json()
    assert client_for(personas.enterprise).get(f"/api/workplan/plans/{plan.pk}/evaluation/").status_code == 403
