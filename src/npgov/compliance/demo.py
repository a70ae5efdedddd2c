"""Demo compliance cases (``npgov demo`` only), then a first compliance check over the demo survey.

Three invented enterprises report on the demo round before the current one, through the same services an
enterprise uses: one still processes PFOS for fire-fighting foam after that exemption ended on 2023-12-31; one
produces PFOS; one uses PFOA in semiconductor lithography, an exemption the 2023 list grants without
an end date (so no finding). The check then runs over every accepted report.

The demo enterprise login's company gets its rectification deadlines set so that one falls within the
week (a reminder is waiting for it and for the district) and the next a month later.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from npgov.compliance.choices import ACTIVE_STATUSES
from npgov.compliance.models import Finding
from npgov.compliance.services import compliance_run
from npgov.core.models import User
from npgov.enterprises.services import demo_uscc, enterprise_ensure
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.selectors import campaign_by_year, submission_for
from npgov.surveys.services.workflow import line_save, submission_review, submission_start, submission_submit

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise
    from npgov.surveys.models import Campaign

CASES = [
    # (serial, name, industry, district, CAS RN, activity, uses, exempted use relied on)
    (901, "大连海晟消防药剂有限公司（演示）", "2669", "210213", "1763-23-1", "processing_use", "灭火泡沫药剂生产",
     "用于生产灭火泡沫药剂"),
    (902, "大连北辰氟化工有限公司（演示）", "2614", "210281", "1763-23-1", "production", "表面活性剂中间体", "无"),
    (903, "大连星港半导体材料有限公司（演示）", "3985", "210211", "335-67-1", "processing_use", "光刻工艺",
     "半导体制造中的光刻或蚀刻工艺"),
]  # fmt: skip


def create_compliance_demo() -> str:
    # the round before the survey demo's current one (which reports on last year)
    campaign = campaign_by_year(year=timezone.localdate().year - 2, city_code="210200")
    admin = User.objects.filter(username="admin").first()
    if campaign is None or admin is None:
        return "compliance demo: no survey round of last year to add to"
    for serial, name, industry, district, cas, activity, uses, exempted in CASES:
        company = enterprise_ensure(uscc=demo_uscc(serial, district), name=name, industry_code=industry,
                                    district_code=district)  # fmt: skip
        previous = submission_for(campaign=campaign, enterprise=company)
        if previous is not None and previous.status == SubmissionStatus.ACCEPTED:
            continue
        if previous is not None:  # left half-done by an interrupted earlier run
            previous.delete()
        with transaction.atomic():
            _report(campaign, company, admin, cas, activity, uses, exempted)
    counts = compliance_run()
    dated = _demo_enterprise_deadlines()
    return " ".join(f"{k}={v}" for k, v in counts.as_dict().items()) + f"; demo enterprise findings dated: {dated}"


DUE_IN_DAYS = (5, 33, 61)  # the demo enterprise's open findings, nearest first


def _demo_enterprise_deadlines() -> int:
    """Rectification deadlines of the demo enterprise login's findings: within the week, then later."""
    findings = Finding.objects.filter(enterprise__users__username="enterprise", status__in=ACTIVE_STATUSES)
    today = timezone.localdate()
    dated = 0
    for finding, days in zip(findings.order_by("due_date", "pk"), DUE_IN_DAYS, strict=False):
        finding.due_date = today + timedelta(days=days)
        finding._change_reason = "demo deadline"
        finding.save(update_fields=["due_date", "updated_at"])
        dated += 1
    return dated


def _report(campaign: Campaign, company: Enterprise, admin: User, cas: str, activity: str, uses: str,
            exempted: str) -> None:  # fmt: skip
    submission = submission_start(campaign=campaign, enterprise=company, user=admin)
    details = {"process": "间歇反应", "disposal": "委托有资质单位处置", "control_measures": "密闭操作",
               "exempted_use": exempted}  # fmt: skip
    releases = {"release_air_kg": Decimal("1.2"), "release_water_kg": Decimal("0.4"),
                "release_soil_kg": Decimal(0), "transfer_kg": Decimal("3")}  # fmt: skip
    line_save(submission=submission, user=admin, identifier=cas, activity=activity, quantity_t=Decimal("2.5"),
              uses=uses, releases=releases, details=details)  # fmt: skip
    submission_submit(submission=submission, user=admin, filler="填报员", reviewer="企业审核人",
                      legal_representative="法定代表人")  # fmt: skip
    submission_review(submission=submission, user=admin, approve=True)
    submission_review(submission=submission, user=admin, approve=True)
