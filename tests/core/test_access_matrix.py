"""Every URL and API route, for every role and for the public, has a declared outcome.

A route with no entry in EXPECTED fails ``test_every_route_is_declared``: whoever adds a page or an
endpoint must say here who may reach it. Later apps add their entries to their own module and
merge them into EXPECTED through ``tests/access_expectations.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from npgov.capacity.models import Expert, Funding, Lab, Project, Training
from npgov.compliance.models import Finding, NewSubstanceRegistration
from npgov.core.models import Department, District, ImportBatch, Job, LoginEvent
from npgov.enforcement.models import Case, Draw, InspectionTask, Inspector
from npgov.enterprises.models import Enterprise, Industry
from npgov.monitoring.models import Campaign as MonitoringCampaign
from npgov.monitoring.models import MonitoringPlan, Result, Sample, Site
from npgov.regulations.models import ControlMeasure, ListEntry, RegulatoryList
from npgov.risk.models import AssessmentRun, EcotoxEndpoint, HazardDatum, Pnec, PriorityDraft
from npgov.substances.models import Substance
from npgov.surveys.models import Campaign, Submission
from npgov.workplan.models import Indicator, Kpi, Plan, Task
from npgov.workplan.services.progress import circular_issue, progress_request_issue, supervision_order_issue
from tests.access_expectations import (
    ADMIN_NAMESPACE_RULE,
    EXPECTED,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    ROLES,
    UNAUTHORIZED,
)
from tests.conftest import Personas, client_for
from tests.enforcement.access_products import EXPECTED_PRODUCTS
from tests.enforcement.access_products import targets as product_targets

pytestmark = pytest.mark.django_db

# Product sampling and import/export checks keep their expectations beside their tests.
EXPECTED = {**EXPECTED, **EXPECTED_PRODUCTS}


def iter_routes(resolvers: list[Any] | None = None, namespace: str = "") -> Iterator[str]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def all_routes() -> list[str]:
    return sorted({name for name in iter_routes() if not name.startswith("admin:")})


def test_every_route_is_declared() -> None:
    undeclared = [name for name in all_routes() if name not in EXPECTED]
    assert undeclared == [], f"declare who may reach these routes in tests/access_expectations.py: {undeclared}"


def test_no_declaration_is_stale() -> None:
    assert sorted(set(EXPECTED) - set(all_routes())) == []


# Objects that detail routes point at: each belongs to the sysadmin persona or is reference data.
def _targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    job = Job.objects.create(name="check", task="core.system_check", user=personas.sysadmin)
    screening = Job.objects.create(name="screen", task="regulations.screening", user=personas.sysadmin)
    event = LoginEvent.objects.create(kind="login", username="sam")
    plan = Plan.objects.get(key="dalian-2023")
    task = Task.objects.get(key="D-T08")  # pesticides: 市农业农村局 leads
    dispatched = progress_request_issue(
        plan=plan,
        title="季度调度",
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_date=date(2099, 10, 15),
        tasks=[task],
        issued_by=personas.bureau,
    )
    report = dispatched.reports.get(department__code="dl-ara")
    order = supervision_order_issue(
        task=task, department=report.department, deadline=date(2099, 1, 1), text="请加快", issued_by=personas.bureau
    )
    circular = circular_issue(request=dispatched, title="通报", summary="", issued_by=personas.bureau)
    eeb = Department.objects.get(code="dl-eeb")
    ganjingzi = District.objects.get(code="210211")
    lab = Lab.objects.create(name="大连市环境监测中心实验室")
    expert = Expert.objects.create(name="赵某", affiliation="大连理工大学", fields="风险评估")
    training = Training.objects.create(title="新污染物监测培训", date=date(2026, 5, 1), department=eeb)
    project = Project.objects.create(
        kind="pilot", title="园区试点", lead_organisation="某园区", department=eeb, district=ganjingzi
    )
    funding = Funding.objects.create(
        recipient="某大学", amount_10k_yuan=50, date=date(2026, 3, 1), source="市级财政", department=eeb
    )
    enterprise = Enterprise.objects.create(
        uscc="9144030071526726XG",
        name="示例化工有限公司",
        district=ganjingzi,
        industry=Industry.objects.get(code="2614"),
    )
    campaign = Campaign.objects.create(
        title="2025年度大连市化学物质环境信息调查", city=plan.city, year=2025, deadline=date(2026, 6, 30)
    )
    submission = Submission.objects.create(campaign=campaign, enterprise=enterprise)
    site = Site.objects.create(
        code="DL-DW-T1", name="测试水源地", kind="drinking_water", district=ganjingzi, latitude=39.0, longitude=121.6
    )
    batch = ImportBatch.objects.create(target="monitoring.result", file_name="t.csv", sha256="0" * 64)
    sample = Sample.objects.create(site=site, sampled_at=timezone.now(), matrix="water", batch=batch)
    result = Result.objects.create(
        sample=sample, site=site, sampled_at=sample.sampled_at, matrix="water", batch=batch,
        substance=Substance.objects.get(cas="335-67-1"), value_reported="1.2", unit_reported="ng/L",
        qualifier="detected", value=1.2,
    )  # fmt: skip
    monitoring_plan = MonitoringPlan.objects.create(name="监测方案", year=2025)
    monitoring_campaign = MonitoringCampaign.objects.create(
        plan=monitoring_plan, name="丰水期", start_date=date(2025, 6, 1), end_date=date(2025, 9, 30)
    )
    finding = Finding.objects.create(
        key="t", enterprise=enterprise, substance=Substance.objects.get(cas="1763-23-1"),
        measure=ControlMeasure.objects.first(), year=2024, activity="production", rule="ban", explanation="…",
        severity="high", due_date=date(2099, 1, 1),
    )  # fmt: skip
    registration = NewSubstanceRegistration.objects.create(
        kind="regular", certificate="T-1", substance_name="示例", holder=enterprise, holder_name=enterprise.name
    )
    inspector = Inspector.objects.create(name="王某", badge="X1", department=eeb, district=ganjingzi)
    draw = Draw.objects.create(title="抽查", seed="s", enterprise_count=1, due_date=date(2099, 1, 1), published=True)
    inspection_task = InspectionTask.objects.create(draw=draw, enterprise=enterprise, due_date=date(2099, 1, 1))
    case = Case.objects.create(number="C-1", enterprise=enterprise, facts="事实")
    risk_run = AssessmentRun.objects.create(title="评估", status="done")
    pfoa = Substance.objects.get(cas="335-67-1")
    hazard_datum = HazardDatum.objects.create(substance=pfoa, property="log_kow", value=4.8, kind="estimated",
                                              source="示例")  # fmt: skip
    endpoint = EcotoxEndpoint.objects.create(substance=pfoa, species="Daphnia magna", trophic_level="invertebrates",
                                             duration="short-term", endpoint="EC50", value_mg_l=100,
                                             source="示例")  # fmt: skip
    priority_draft = PriorityDraft.objects.create(title="清单", run=risk_run, year=2026,
                                                  district=District.objects.get(code="210200"))  # fmt: skip
    pnec = Pnec.objects.create(substance=pfoa, compartment="freshwater", value=19, unit="µg/L", basis="示例",
                               source="示例")  # fmt: skip
    return {
        "pnec": lambda: pnec.pk,
        "hazard_datum": lambda: hazard_datum.pk,
        "ecotox_endpoint": lambda: endpoint.pk,
        "priority_draft": lambda: priority_draft.pk,
        "risk_run_substance": lambda: (risk_run.pk, pfoa.pk),
        **product_targets(personas),
        "risk_run": lambda: risk_run.pk,
        "registration": lambda: registration.pk,
        "inspector": lambda: inspector.pk,
        "draw": lambda: draw.pk,
        "inspection_task": lambda: inspection_task.pk,
        "case": lambda: case.pk,
        "finding": lambda: finding.pk,
        "site": lambda: site.pk,
        "batch": lambda: batch.pk,
        "sample": lambda: sample.pk,
        "result": lambda: result.pk,
        "monitoring_plan": lambda: monitoring_plan.pk,
        "monitoring_campaign": lambda: monitoring_campaign.pk,
        "campaign": lambda: campaign.pk,
        "submission": lambda: submission.pk,
        "enterprise": lambda: enterprise.pk,
        "lab": lambda: lab.pk,
        "expert": lambda: expert.pk,
        "training": lambda: training.pk,
        "project": lambda: project.pk,
        "funding": lambda: funding.pk,
        "plan": lambda: plan.pk,
        "task": lambda: task.pk,
        "request": lambda: dispatched.pk,
        "report": lambda: report.pk,
        "order": lambda: order.pk,
        "circular": lambda: circular.pk,
        "kpi": lambda: Kpi.objects.get(key="pesticide-packaging-recovery-rate").pk,
        "indicator": lambda: Indicator.objects.get(key="pesticide-packaging").pk,
        "substance": lambda: Substance.objects.get(cas="75-09-2").pk,
        "list": lambda: RegulatoryList.objects.get(code="CN-KCNP-2023", is_current=True).pk,
        "entry": lambda: ListEntry.objects.get(regulatory_list__code="CN-KCNP-2023", item="2").pk,
        "screening": lambda: screening.pk,
        "district": lambda: District.objects.get(code="210211").pk,
        "department": lambda: Department.objects.get(code="dl-eeb").pk,
        "user": lambda: personas.sysadmin.pk,
        "job": lambda: job.pk,
        "loginevent": lambda: event.pk,
    }


def _url(name: str, spec: dict[str, Any], targets: dict[str, Callable[[], Any]]) -> str:
    target = spec.get("target")
    if not target:
        return reverse(name)
    value = targets[target]()
    return reverse(name, args=list(value) if isinstance(value, tuple) else [value])


def _check(response: Any, expected: Any, name: str, role: str) -> None:
    where = f"{name} as {role}"
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], where
    elif expected == REDIRECT:
        assert response.status_code == 302, where
    elif expected == UNAUTHORIZED:
        assert response.status_code in (401, 403), where
    else:
        assert response.status_code == expected, f"{where}: got {response.status_code}, expected {expected}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_route_outcome_for_every_role(name: str, personas: Personas) -> None:
    spec = EXPECTED[name]
    targets = _targets(personas)
    url = _url(name, spec, targets)
    for role in ROLES:
        response = client_for(personas.get(role)).get(url)
        _check(response, spec[role], name, role)


def test_the_admin_is_for_system_administrators(personas: Personas) -> None:
    for role in ROLES:
        response = client_for(personas.get(role)).get(reverse("admin:index"))
        _check(response, ADMIN_NAMESPACE_RULE[role], "admin:index", role)


def test_the_outcome_constants_are_distinct() -> None:
    assert len({OK, LOGIN, NOT_ALLOWED, REDIRECT, UNAUTHORIZED}) == 5
