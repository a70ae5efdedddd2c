"""Per-object access: every role tries to read and write ANOTHER owner's objects, through pages and API.

Two owners of each kind exist: enterprises A and B in districts A (甘井子区) and B (中山区), departments
A (农业农村局) and B (市场监管局, or 大连海关 for trade checks), experts A and B. The attackers are the
A side (the enterprise user of enterprise A, the district user of district A, the department user of
department A, expert A) and the public; every object belongs to the B side. For each object route
(found in the URLconf: every route with a path parameter) and each attacker:

- a read route (detail page, API GET) must answer 403/404 (the public: the login page or 401/403),
  unless the design lets that role read it (``readers``: departments read non-confidential records,
  officials read coordination records) — those are covered by the access matrix;
- a write route (edit page, action) must refuse GET and POST; an API detail route must refuse PUT,
  PATCH and DELETE (405 counts as a refusal); a read page must refuse a POST;
- after every attempt the object's row, and the row count of its model (and of the models an action
  would add to), are unchanged.

A route with a path parameter and no rule here fails ``test_every_object_route_has_an_owner_rule``;
reference data that every signed-in user reads and only the bureau writes is listed in ``EXEMPT``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKERS = ("anonymous", "enterprise", "district", "department", "expert")
READ, WRITE, API = "read", "write", "api"
OFFICIALS = frozenset({"department", "district"})
DEPT = frozenset({"department"})
NOBODY: frozenset[str] = frozenset()
REFUSED = {401, 403, 404, 405}
CHECKS: dict[str, int] = {}


@dataclass(frozen=True)
class Rule:
    """``target``: the B-side object; ``kind``: READ page, WRITE page (edit/action) or API detail."""

    target: str
    kind: str
    readers: frozenset[str] = NOBODY
    watch: tuple[str, ...] = field(default=())  # further models ("app.Model") whose row count must not change


def read(target: str, readers: frozenset[str] = NOBODY) -> Rule:
    return Rule(target, READ, readers)


def write(target: str, *watch: str) -> Rule:
    return Rule(target, WRITE, NOBODY, watch)


def api(target: str, readers: frozenset[str] = NOBODY) -> Rule:
    return Rule(target, API, readers)


OWNED: dict[str, Rule] = {
    # an enterprise's records (enterprise, its district; departments read the non-confidential ones)
    "enterprises:enterprise_detail": read("enterprise", DEPT),
    "enterprises:enterprise_edit": write("enterprise"),
    "enterprises:permit_detail": read("permit", DEPT),
    "enterprises:permit_edit": write("permit"),
    "enterprises:permitlimit_edit": write("permit_limit"),
    "enterprises:permitlimit_delete": write("permit_limit"),
    "api:enterprises-enterprise-detail": api("enterprise", DEPT),
    "api:enterprises-permit-detail": api("permit", DEPT),
    # survey submissions: confidential (no department reads them)
    "surveys:submission_detail": read("submission"),
    "surveys:line_edit": write("submission_line"),
    "api:surveys-submission-detail": api("submission"),
    # compliance findings and new-substance registrations
    "compliance:finding_detail": read("finding", DEPT),
    "compliance:finding_action": write("finding"),
    "compliance:registration_edit": write("registration"),
    "api:compliance-finding-detail": api("finding", DEPT),
    # disclosures: the enterprise's own draft
    "portal:disclosure_edit": write("disclosure_year", "portal.DisclosureLine", "portal.Disclosure"),
    "portal:disclosure_publish": write("disclosure"),
    # enforcement: inspections and cases in district B; product samples and trade checks of department B
    "enforcement:draw_detail": read("draw", OFFICIALS),
    "enforcement:draw_publish": write("draw"),
    "enforcement:public_draw": read("draw"),  # not published: nobody outside the bureau learns of it
    "enforcement:task_detail": read("inspection_task", DEPT),
    "enforcement:attachment_download": read("inspection_attachment", DEPT),
    "enforcement:case_detail": read("case", DEPT),
    "enforcement:case_edit": write("case"),
    "enforcement:product_sample_detail": read("product_sample", DEPT),
    "enforcement:product_sample_edit": write("product_sample"),
    "enforcement:product_result_add": write("product_sample", "enforcement.ProductResult"),
    "enforcement:trade_check_detail": read("trade_check", DEPT),
    "enforcement:trade_check_edit": write("trade_check"),
    "api:enforcement-draw-detail": api("draw", OFFICIALS),
    "api:enforcement-task-detail": api("inspection_task", DEPT),
    "api:enforcement-case-detail": api("case", DEPT),
    "api:enforcement-productsample-detail": api("product_sample", DEPT),
    "api:enforcement-productresult-detail": api("product_result", DEPT),
    "api:enforcement-tradecheck-detail": api("trade_check", DEPT),
    # monitoring: sites in district B; batches and plans are coordination records officials read
    "monitoring:site_detail": read("site", DEPT),
    "monitoring:site_edit": write("site"),
    "monitoring:site_series": read("site", DEPT),
    "monitoring:batch_detail": read("batch", OFFICIALS),
    "monitoring:batch_withdraw": write("batch", "monitoring.Result"),
    "monitoring:plan_detail": read("monitoring_plan", OFFICIALS),
    "monitoring:plan_edit": write("monitoring_plan"),
    "monitoring:plan_export": read("monitoring_plan", OFFICIALS),
    "monitoring:campaign_edit": write("monitoring_campaign"),
    "api:monitoring-site-detail": api("site", DEPT),
    "api:monitoring-sample-detail": api("sample", DEPT),
    "api:monitoring-result-detail": api("result", DEPT),
    # risk runs (officials read) and priority lists reviewed by expert B
    "risk:run_detail": read("risk_run", OFFICIALS),
    "risk:run_map": read("risk_run", OFFICIALS),
    "risk:run_substance": read("risk_run_substance", OFFICIALS),
    "risk:priority_detail": read("priority_draft", DEPT),
    "risk:priority_items": write("priority_draft", "risk.PriorityItem"),
    "risk:priority_experts": write("priority_draft", "risk.PriorityReview"),
    "risk:priority_review": write("priority_draft", "risk.PriorityReview"),
    "risk:priority_publish": write("priority_draft"),
    "risk:priority_withdraw": write("priority_draft"),
    "api:risk-run-detail": api("risk_run", OFFICIALS),
    "api:risk-priority-draft-detail": api("priority_draft", DEPT),
    # department B's records: progress reports, supervision orders, capacity records, indicator figures
    "workplan:request_detail": read("request", OFFICIALS),
    "workplan:circular_add": write("request", "workplan.Circular"),
    "workplan:circular_detail": read("circular", OFFICIALS),
    "workplan:report_edit": write("report"),
    "workplan:report_evidence": read("report", OFFICIALS),
    "workplan:order_detail": read("order", DEPT),
    "api:workplan-request-detail": api("request", OFFICIALS),
    "api:workplan-report-detail": api("report", OFFICIALS),
    "api:workplan-order-detail": api("order", DEPT),
    "api:workplan-kpi-value-detail": api("kpi_value", DEPT),
    "api:workplan-indicator-record-detail": api("indicator_record", DEPT),
    "capacity:training_detail": read("training", DEPT),
    "capacity:training_edit": write("training"),
    "capacity:project_detail": read("project", DEPT),
    "capacity:project_edit": write("project"),
    "capacity:funding_detail": read("funding", DEPT),
    "capacity:funding_edit": write("funding"),
    "api:capacity-training-detail": api("training", DEPT),
    "api:capacity-project-detail": api("project", DEPT),
    # expert B's own pool entry
    "capacity:expert_detail": read("expert", DEPT),
    "capacity:expert_edit": write("expert"),
    "api:capacity-expert-detail": api("expert", DEPT),
    # complaints routed to department B in district B
    "portal:complaint_detail": read("complaint"),
    "portal:complaint_act": write("complaint", "portal.ComplaintStep"),
    "portal:complaint_photo": read("complaint_photo"),
    # user-owned: enterprise B's user account, jobs and screening reports
    "core:user_detail": read("user"),
    "core:user_edit": write("user"),
    "core:job_detail": read("job"),
    "core:job_progress": read("job"),
    "core:job_restart": write("job", "core.Job"),
    "account:token_revoke": write("api_token"),
    "regulations:screening_report": read("screening"),
    "api:core-user-detail": api("user"),
    "api:core-job-detail": api("job"),
    "api:core-loginevent-detail": api("loginevent"),
    # the bureau's draft articles
    "portal:article_edit": write("article"),
    "portal:article_publish": write("article"),
    "portal:article_image_upload": write("article", "portal.ArticleImage"),
    "portal:article_image_delete": write("article_image", "portal.ArticleImage"),
    "portal:article_detail": read("article"),
    "portal:article_image": read("article_image"),
}

# Reference data and public records: every signed-in user (or the public) reads them, only the bureau
# writes them; the access matrix checks these routes for every role.
EXEMPT = {
    "core:district_detail", "core:district_edit", "core:department_detail", "core:department_edit",
    "core:department_delete", "core:picker_search",
    "substances:substance_detail", "substances:substance_edit",
    "enterprises:park_detail", "enterprises:park_edit",
    "surveys:campaign_detail", "surveys:campaign_edit",
    "monitoring:substance_monitoring",
    "risk:pnec_edit", "risk:hazard_edit", "risk:hazard_profile", "risk:pnec_adopt", "risk:endpoint_edit",
    "enforcement:inspector_edit", "enforcement:limit_detail",
    "regulations:list_detail", "regulations:entry_detail", "regulations:policy_sheet",
    # a list code (reference data); the affected enterprises shown are filtered to the user's own scope
    "compliance:list_change",
    "workplan:plan_detail", "workplan:plan_evaluation", "workplan:plan_evaluation_compare",
    "workplan:plan_evaluation_freeze", "api:workplan-plan-evaluation", "api:workplan-plan-comparison",
    "workplan:task_detail", "workplan:kpi_detail",
    "workplan:indicator_detail",
    "capacity:lab_detail", "capacity:lab_edit",
    # the public portal: open data sets, published lists, substance cards and published disclosures
    "portal:dataset_csv", "portal:dataset_json", "portal:monitoring_substance", "portal:list_detail",
    "portal:substance_card", "portal:disclosure_detail",
    "api:core-district-detail", "api:core-department-detail", "api:substances-substance-detail",
    "api:enterprises-park-detail", "api:regulations-list-detail", "api:regulations-entry-detail",
    "api:capacity-lab-detail", "api:capacity-lab-method-detail", "api:workplan-plan-detail",
    "api:workplan-task-detail", "api:workplan-kpi-detail", "api:workplan-indicator-detail",
    "api:risk-hazard-profile", "api:risk-pnec-detail", "api:risk-hazard-datum-detail", "api:risk-endpoint-detail",
    "api:enforcement-productcategory-detail", "api:enforcement-contentlimit-detail", "api:portal-dataset",
    # the complainant's receipt: the unguessable tracking code is the credential (public by design)
    "api:portal-complaint-detail",
}  # fmt: skip


def _iter_patterns(entries: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _iter_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern


def object_routes() -> list[str]:
    """Every named route (outside the Django admin) that takes a path parameter."""
    names = set()
    for name, pattern in _iter_patterns(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        if getattr(pattern, "converters", None) or getattr(pattern, "regex", None) and pattern.regex.groupindex:
            names.add(name)
    return sorted(names)


def test_every_object_route_has_an_owner_rule() -> None:
    missing = [name for name in object_routes() if name not in OWNED and name not in EXEMPT]
    assert missing == [], f"declare who owns the objects of these routes in tests/core/test_object_access.py: {missing}"


def test_no_rule_is_stale() -> None:
    routes = set(object_routes())
    assert sorted((set(OWNED) | EXEMPT) - routes) == []
    assert set(OWNED).isdisjoint(EXEMPT)


# --- the two sides ------------------------------------------------------------------------------------


@dataclass
class World:
    attackers: dict[str, User | None]
    targets: dict[str, Callable[[], Any]]
    objects: dict[str, Model]


def _user(username: str, role: str, **extra: Any) -> User:
    return UserFactory(username=username, role=role, **extra)


def build_world() -> World:
    from npgov.core.models import ImportBatch
    from npgov.core.services.tokens import api_token_issue
    from npgov.enforcement.products.services import product_limits_load, product_result_save
    from npgov.substances.models import Substance
    from npgov.workplan.models import Kpi, Plan
    from npgov.workplan.services.kpis import kpi_value_record
    from npgov.workplan.services.progress import circular_issue, progress_request_issue, supervision_order_issue
    from tests.capacity.factories import ExpertFactory, FundingFactory, ProjectFactory, TrainingFactory
    from tests.compliance.factories import FindingFactory, NewSubstanceRegistrationFactory
    from tests.core.factories import JobFactory, LoginEventFactory
    from tests.enforcement.factories import (
        CaseFactory,
        InspectionAttachmentFactory,
        InspectionDrawFactory,
        InspectionRecordFactory,
        InspectionTaskFactory,
        ProductSampleFactory,
        TradeCheckFactory,
    )
    from tests.enterprises.factories import EnterpriseFactory, PermitFactory, PermitLimitFactory
    from tests.monitoring.factories import ResultFactory, SampleFactory, SamplingCampaignFactory, SiteFactory
    from tests.portal.factories_articles import ArticleFactory, ArticleImageFactory
    from tests.portal.factories_complaints import ComplaintFactory, ComplaintPhotoFactory
    from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory
    from tests.risk.factories import (
        AssessmentRunFactory,
        PriorityDraftFactory,
        PriorityItemFactory,
        PriorityReviewFactory,
    )
    from tests.surveys.factories import SubmissionFactory, SubmissionLineFactory
    from tests.workplan.factories import IndicatorRecordFactory

    district_a, district_b = District.objects.get(code="210211"), District.objects.get(code="210202")
    dept_a, dept_b = Department.objects.get(code="dl-ara"), Department.objects.get(code="dl-samr")
    bureau = _user("qa2-bureau", Role.BUREAU, department=Department.objects.get(code="dl-eeb"))

    # side A: the attackers
    enterprise_a = EnterpriseFactory(district=district_a)
    attackers: dict[str, User | None] = {
        "anonymous": None,
        "enterprise": _user("qa2-ent-a", Role.ENTERPRISE),
        "district": _user("qa2-dist-a", Role.DISTRICT, district=district_a),
        "department": _user("qa2-dept-a", Role.DEPARTMENT, department=dept_a),
        "expert": _user("qa2-expert-a", Role.EXPERT),
    }
    enterprise_a.users.add(attackers["enterprise"])
    ExpertFactory(user=attackers["expert"])

    # side B: the owners of every target
    owner_b = _user("qa2-ent-b", Role.ENTERPRISE)
    enterprise_b = EnterpriseFactory(district=district_b)
    enterprise_b.users.add(owner_b)
    expert_b = ExpertFactory(user=_user("qa2-expert-b", Role.EXPERT))
    permit = PermitFactory(enterprise=enterprise_b)
    permit_limit = PermitLimitFactory(permit=permit)
    submission = SubmissionFactory(enterprise=enterprise_b, status="draft")
    line = SubmissionLineFactory(submission=submission)
    finding = FindingFactory(enterprise=enterprise_b)
    registration = NewSubstanceRegistrationFactory(holder=enterprise_b)
    disclosure = DisclosureFactory(enterprise=enterprise_b, year=2025)
    DisclosureLineFactory(disclosure=disclosure)
    draw = InspectionDrawFactory(published=False, created_by=bureau)
    inspection_task = InspectionTaskFactory(draw=draw, enterprise=enterprise_b)
    attachment = InspectionAttachmentFactory(
        record=InspectionRecordFactory(task=inspection_task),
        file=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    )
    case = CaseFactory(enterprise=enterprise_b)
    product_limits_load()
    pfoa = Substance.objects.get(cas="335-67-1")
    product_sample = ProductSampleFactory(producer=enterprise_b, district=district_b, department=dept_b)
    product_result = product_result_save(
        sample=product_sample, user=bureau, substance=Substance.objects.get(cas="117-81-7"),
        measurement="content", value="0.05", unit="%",
    )  # fmt: skip
    trade_check = TradeCheckFactory(enterprise=enterprise_b, department=Department.objects.get(code="dl-customs"))
    site = SiteFactory(district=district_b)
    batch = ImportBatch.objects.create(target="monitoring.result", file_name="b.csv", sha256="1" * 64, user=bureau)
    sample = SampleFactory(site=site, batch=batch)
    result = ResultFactory(sample=sample, batch=batch)
    monitoring_campaign = SamplingCampaignFactory()
    risk_run = AssessmentRunFactory(status="done", created_by=bureau)
    priority_draft = PriorityDraftFactory(run=risk_run, created_by=bureau)
    PriorityItemFactory(draft=priority_draft, substance=pfoa)
    PriorityReviewFactory(draft=priority_draft, expert=expert_b)
    plan = Plan.objects.get(key="dalian-2023")
    dispatched = progress_request_issue(
        plan=plan, title="季度调度", period_start=date(2026, 7, 1), period_end=date(2026, 9, 30),
        due_date=date(2099, 10, 15), tasks=list(plan.tasks.all()), issued_by=bureau,
    )  # fmt: skip
    report = dispatched.reports.exclude(department=dept_a).first()
    assert report is not None
    report.evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n")
    report.save()
    order = supervision_order_issue(
        task=report.task, department=report.department, deadline=date(2099, 1, 1), text="请加快", issued_by=bureau
    )
    circular = circular_issue(request=dispatched, title="通报", summary="", issued_by=bureau)
    kpi_value = kpi_value_record(
        kpi=Kpi.objects.get(key="pesticide-packaging-recovery-rate"), district=district_b,
        period_end=date(2025, 12, 31), value=70, entered_by=bureau,
    )  # fmt: skip
    indicator_record = IndicatorRecordFactory(district=district_b, department=dept_b)
    training = TrainingFactory(department=dept_b)
    project = ProjectFactory(department=dept_b, district=district_b)
    funding = FundingFactory(department=dept_b)
    complaint = ComplaintFactory(department=dept_b, district=district_b)
    photo = ComplaintPhotoFactory(complaint=complaint)
    job = JobFactory(user=owner_b, status="failed")
    api_token, _key = api_token_issue(user=owner_b, name="B 的令牌", days=30)
    screening = JobFactory(name="screen", task="regulations.screening", user=owner_b)
    event = LoginEventFactory(kind="login", username="qa2-ent-b")
    article = ArticleFactory()
    article_image = ArticleImageFactory(article=article)

    objects: dict[str, Model] = {
        "enterprise": enterprise_b, "permit": permit, "permit_limit": permit_limit, "submission": submission,
        "submission_line": line, "finding": finding, "registration": registration, "disclosure": disclosure,
        "disclosure_year": disclosure, "draw": draw, "inspection_task": inspection_task, "case": case,
        "product_sample": product_sample, "product_result": product_result, "trade_check": trade_check,
        "site": site, "batch": batch, "sample": sample, "result": result,
        "monitoring_plan": monitoring_campaign.plan, "monitoring_campaign": monitoring_campaign,
        "risk_run": risk_run, "risk_run_substance": risk_run, "priority_draft": priority_draft,
        "request": dispatched, "report": report, "order": order, "circular": circular, "kpi_value": kpi_value,
        "indicator_record": indicator_record, "training": training, "project": project, "funding": funding,
        "expert": expert_b, "complaint": complaint, "complaint_photo": photo, "user": owner_b, "job": job,
        "screening": screening, "api_token": api_token, "inspection_attachment": attachment,
        "loginevent": event, "article": article, "article_image": article_image,
    }  # fmt: skip
    targets: dict[str, Callable[[], Any]] = {name: (lambda obj=obj: obj.pk) for name, obj in objects.items()}
    targets["submission_line"] = lambda: (submission.pk, line.pk)
    targets["risk_run_substance"] = lambda: (risk_run.pk, pfoa.pk)
    targets["disclosure_year"] = lambda: (enterprise_b.pk, 2025)
    return World(attackers=attackers, targets=targets, objects=objects)


# --- the attempts -------------------------------------------------------------------------------------


def _snapshot(obj: Model, watch: tuple[str, ...]) -> dict[str, Any]:
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).values().first()
    counts = {label: apps.get_model(label)._default_manager.count() for label in (model._meta.label, *watch)}
    return {"row": row, "counts": counts}


def _tampered(obj: Model) -> dict[str, Any]:
    """A plausible form or JSON body: the object's own values with every text changed."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(obj, f.attname)
        if isinstance(value, str):
            value = f"篡改{value}"[: f.max_length or 200]
        elif isinstance(value, bool):
            value = not value
        elif value is None:
            continue
        data[f.attname.removesuffix("_id") if f.is_relation else f.attname] = value
    # actions: every form that posts an action or a decision
    data.update({"action": "close", "verdict": "approve", "status": "published", "confirm": "1"})
    return data


def _refused(response: Any, role: str) -> bool:
    if role == "anonymous" and response.status_code == 302:
        return "/accounts/login/" in response["Location"]
    return response.status_code in REFUSED


def _url(name: str, world: World, rule: Rule) -> str:
    value = world.targets[rule.target]()
    return reverse(name, args=list(value) if isinstance(value, tuple) else [value])


def _attempts(rule: Rule, role: str) -> list[str]:
    """The methods this attacker tries on this route (a reader's GET is the access matrix's business)."""
    if rule.kind == WRITE:
        return ["GET", "POST"]
    if rule.kind == READ:
        return ["POST"] if role in rule.readers else ["GET", "POST"]
    methods = ["PUT", "PATCH", "DELETE"]
    return methods if role in rule.readers else ["GET", *methods]


def _must_refuse(rule: Rule, role: str, method: str) -> bool:
    """A reader's POST to a read page may render the page again (200): it must only change nothing."""
    return not (rule.kind == READ and role in rule.readers and method == "POST")


def _send(client: Client, method: str, url: str, data: dict[str, Any], api_route: bool) -> Any:
    if method == "GET":
        return client.get(url)
    if method == "POST":
        return client.post(url, data={k: str(v) for k, v in data.items()})
    body = json.dumps(data, default=str)
    return client.generic(method, url, data=body, content_type="application/json")


@pytest.fixture
def world(org: None) -> World:
    return build_world()


@pytest.mark.parametrize("name", sorted(OWNED))
def test_another_owners_object_is_refused(name: str, world: World) -> None:
    from tests.conftest import client_for

    rule = OWNED[name]
    obj = world.objects[rule.target]
    url = _url(name, world, rule)
    failures = []
    for role in ATTACKERS:
        client = client_for(world.attackers[role])
        for method in _attempts(rule, role):
            before = _snapshot(obj, rule.watch)
            response = _send(client, method, url, _tampered(obj), rule.kind == API)
            after = _snapshot(obj, rule.watch)
            CHECKS[f"{name} {method} {role}"] = 1
            if response.status_code >= 500 or (_must_refuse(rule, role, method) and not _refused(response, role)):
                where = response.get("Location", "") if response.status_code == 302 else ""
                failures.append(f"{method} {url} as {role}: {response.status_code} {where}".rstrip())
            if before != after:
                failures.append(f"{method} {url} as {role}: CHANGED {before} -> {after}")
    assert failures == [], "\n".join(failures)


# The KPI's task is assigned to department A (农业农村局), which therefore keeps its values in every district;
# the API serves KPI values read-only, so the PUT/PATCH/DELETE attempts still must be refused.
OWN_BY_DESIGN = {("department", "kpi_value")}


def test_the_attackers_own_nothing_of_side_b(world: World) -> None:
    """The premise: no attacker is in scope of any target (the bureau is)."""
    from npgov.core.permissions import scope_of

    for role, user in world.attackers.items():
        if user is None:
            continue
        for target, obj in world.objects.items():
            if (role, target) in OWN_BY_DESIGN:
                continue
            visible = scope_of(type(obj)).apply(type(obj)._default_manager.all(), user, "change")
            assert not visible.filter(pk=obj.pk).exists(), f"{role} may change {target}"
