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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from npgov.core.models import Department, District
from npgov.core.services.tokens import api_token_issue
from npgov.regulations.models import ListEntry, RegulatoryList
from npgov.substances.models import Substance
from npgov.workplan.models import Indicator, Kpi, Plan, Task
from npgov.workplan.services.kpis import kpi_value_record
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
from tests.capacity.factories import (
    ExpertFactory,
    FundingFactory,
    LabFactory,
    LabMethodFactory,
    ProjectFactory,
    TrainingFactory,
)
from tests.compliance.factories import FindingFactory, NewSubstanceRegistrationFactory
from tests.conftest import Personas, client_for
from tests.core.factories import ImportBatchFactory, JobFactory, LoginEventFactory
from tests.enforcement.access_products import EXPECTED_PRODUCTS
from tests.enforcement.access_products import targets as product_targets
from tests.enforcement.factories import (
    CaseFactory,
    InspectionAttachmentFactory,
    InspectionDrawFactory,
    InspectionRecordFactory,
    InspectionTaskFactory,
    InspectorFactory,
)
from tests.enterprises.factories import EnterpriseFactory, ParkFactory, PermitFactory, PermitLimitFactory
from tests.monitoring.factories import ResultFactory, SampleFactory, SamplingCampaignFactory, SiteFactory
from tests.portal import (
    access_articles,
    access_complaints,
    access_disclosures,
    access_public,
    access_statistics,
)
from tests.risk.factories import (
    AssessmentRunFactory,
    EcotoxEndpointFactory,
    HazardDatumFactory,
    PnecFactory,
    PriorityDraftFactory,
)
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory
from tests.workplan.factories import IndicatorRecordFactory

pytestmark = pytest.mark.django_db

# Product sampling and import/export checks keep their expectations beside their tests.
EXPECTED = {
    **EXPECTED,
    **EXPECTED_PRODUCTS,
    **access_public.EXPECTED_PUBLIC,
    **access_statistics.EXPECTED_STATISTICS,
    **access_disclosures.EXPECTED_DISCLOSURES,
    **access_complaints.EXPECTED_COMPLAINTS,
    **access_articles.EXPECTED_ARTICLES,
}
PORTAL_TARGETS = (access_public, access_statistics, access_disclosures, access_complaints, access_articles)


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
    job = JobFactory(name="check", task="core.system_check", user=personas.sysadmin)
    screening = JobFactory(name="screen", task="regulations.screening", user=personas.sysadmin)
    event = LoginEventFactory(kind="login", username="sam")
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
    report.evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n")
    report.save()
    order = supervision_order_issue(
        task=task, department=report.department, deadline=date(2099, 1, 1), text="请加快", issued_by=personas.bureau
    )
    circular = circular_issue(request=dispatched, title="通报", summary="", issued_by=personas.bureau)
    eeb = Department.objects.get(code="dl-eeb")
    ganjingzi = District.objects.get(code="210211")
    lab = LabFactory()
    expert = ExpertFactory()
    training = TrainingFactory(department=eeb)
    project = ProjectFactory(department=eeb, district=ganjingzi)
    funding = FundingFactory(department=eeb)
    enterprise = EnterpriseFactory(district=ganjingzi)  # the enterprise persona's is another one
    park = ParkFactory(district=ganjingzi)
    permit = PermitFactory(enterprise=enterprise)
    permit_limit = PermitLimitFactory(permit=permit)
    campaign = CampaignFactory()
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise)
    submission_line = SubmissionLineFactory(submission=submission)
    site = SiteFactory(kind="drinking_water", district=ganjingzi)
    batch = ImportBatchFactory(target="monitoring.result", file_name="t.csv", sha256="0" * 64, user=None)
    sample = SampleFactory(site=site, batch=batch)
    result = ResultFactory(sample=sample, batch=batch)
    monitoring_campaign = SamplingCampaignFactory()
    monitoring_plan = monitoring_campaign.plan
    finding = FindingFactory(enterprise=enterprise)
    registration = NewSubstanceRegistrationFactory(holder=enterprise)
    inspector = InspectorFactory(department=eeb, district=ganjingzi)
    draw = InspectionDrawFactory(published=True, created_by=None)
    inspection_task = InspectionTaskFactory(draw=draw, enterprise=enterprise)
    inspection_attachment = InspectionAttachmentFactory(
        record=InspectionRecordFactory(task=inspection_task),
        file=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    )
    api_token, _key = api_token_issue(user=personas.sysadmin, name="check", days=30)
    case = CaseFactory(enterprise=enterprise)
    risk_run = AssessmentRunFactory(status="done", created_by=None)
    pfoa = Substance.objects.get(cas="335-67-1")
    hazard_datum = HazardDatumFactory()
    endpoint = EcotoxEndpointFactory()
    priority_draft = PriorityDraftFactory(run=risk_run, created_by=None)
    pnec = PnecFactory()
    lab_method = LabMethodFactory(lab=lab)
    kpi_value = kpi_value_record(
        kpi=Kpi.objects.get(key="pesticide-packaging-recovery-rate"), district=ganjingzi,
        period_end=date(2025, 12, 31), value=70, entered_by=personas.bureau,
    )  # fmt: skip
    indicator_record = IndicatorRecordFactory()  # district 210211, department dl-eeb
    return {
        "lab_method": lambda: lab_method.pk,
        "kpi_value": lambda: kpi_value.pk,
        "indicator_record": lambda: indicator_record.pk,
        "pnec": lambda: pnec.pk,
        "hazard_datum": lambda: hazard_datum.pk,
        "ecotox_endpoint": lambda: endpoint.pk,
        "priority_draft": lambda: priority_draft.pk,
        "risk_run_substance": lambda: (risk_run.pk, pfoa.pk),
        **product_targets(personas),
        **{name: target for area in PORTAL_TARGETS for name, target in area.targets(personas).items()},
        "risk_run": lambda: risk_run.pk,
        "registration": lambda: registration.pk,
        "inspector": lambda: inspector.pk,
        "draw": lambda: draw.pk,
        "inspection_task": lambda: inspection_task.pk,
        "inspection_attachment": lambda: inspection_attachment.pk,
        "api_token": lambda: api_token.pk,
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
        "submission_line": lambda: (submission.pk, submission_line.pk),
        "picker_label": lambda: "substances.substance",
        "list_code": lambda: "CN-KCNP-2023",
        "enterprise": lambda: enterprise.pk,
        "park": lambda: park.pk,
        "permit": lambda: permit.pk,
        "permit_limit": lambda: permit_limit.pk,
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
