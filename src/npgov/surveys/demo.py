"""Demo data for the survey (``npgov demo`` only): a few hundred synthetic Dalian enterprises with valid
unified social credit codes, last year's round accepted, and the current round (its deadline three weeks
ahead of the day the demo is loaded) with submissions in every state.

The demo enterprise login (``enterprise``) belongs to the first company, in Ganjingzi district like the
demo district login (``district``); its report for the current round waits for the district's review.

Everything here is invented: names are generated, quantities drawn from a seeded random generator so a
rerun on a fresh database gives the same figures. Lines go through the same services an enterprise
uses, so tiers, checks and the frozen copy of record are real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from npgov.core.models import District, User
from npgov.enterprises.services import demo_uscc, enterprise_ensure
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.services.workflow import line_save, submission_review, submission_start, submission_submit

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise

DEMO_ENTERPRISES = 300
DEMO_MARK = "年度化学物质环境信息统计调查（演示）"
DEADLINE_IN_DAYS = 21  # the current round's deadline, from the day the demo is loaded
DEMO_DISTRICT = "210211"  # 甘井子区: the demo district login's
DEMO_INDUSTRY = "2614"  # the demo enterprise makes basic chemicals
# what it reports (t/a): dichloromethane and chloroform, with releases, so the compliance check finds something
DEMO_QUANTITIES = {"75-09-2": Decimal("120.0"), "67-66-3": Decimal("35.5")}
DISTRICTS = ["210211", "210213", "210212", "210214", "210281", "210283", "210202", "210204"]
# industry class -> substances (CAS RN) such an enterprise plausibly reports
PROFILES: dict[str, list[str]] = {
    "2614": ["75-09-2", "67-66-3", "107-06-2", "71-43-2"],
    "2661": ["75-09-2", "127-18-4", "79-01-6"],
    "2641": ["108-88-3", "117-81-7", "80-05-7"],
    "2710": ["75-09-2", "67-66-3", "108-88-3"],
    "2511": ["71-43-2", "108-88-3", "56-23-5"],
    "1713": ["25154-52-3", "84852-15-3"],
    "3360": ["1333-82-0", "7778-50-9", "79-01-6"],
    "3912": ["127-18-4", "79-01-6", "75-09-2"],
}
NAME_HEADS = (
    "金海 星港 恒泰 宏达 华信 瑞丰 鑫源 东方 北辰 长兴 海晟 永昌 盛华 嘉禾 中冶 辽海 博远 润泽 天成 万通".split()
)
NAME_TAILS = {
    "2614": "化工", "2661": "精细化工", "2641": "涂料", "2710": "制药",
    "2511": "石化", "1713": "印染", "3360": "表面处理", "3912": "电子",
}  # fmt: skip
DETAILS = {
    "process": "间歇反应、密闭投料",
    "disposal": "委托有资质单位处置",
    "control_measures": "密闭操作，废气收集后活性炭吸附处理",
    "exempted_use": "",
}
# the state each 2025 submission ends in, by share of enterprises (the rest have not started)
STATES = [("accepted", 0.45), ("city_review", 0.12), ("submitted", 0.13), ("returned", 0.08), ("draft", 0.12)]




def current_round(today: date | None = None) -> int:
    """The year the current demo round reports on: last year."""
    return (today or timezone.localdate()).year - 1


def current_campaign_title(today: date | None = None) -> str:
    return f"{current_round(today)}{DEMO_MARK}"


@transaction.atomic
def create_survey_demo(enterprises: int = DEMO_ENTERPRISES) -> str:
    if Campaign.objects.filter(title__endswith=DEMO_MARK).exists():
        return "already present"
    today = timezone.localdate()
    year = current_round(today)
    rng = random.Random(2025)
    admin = User.objects.get(username="admin")
    city = District.objects.get(code="210200")
    companies = []
    for n in range(1, enterprises + 1):
        code = rng.choice(list(PROFILES))
        district = rng.choice(DISTRICTS)
        if n == 1:  # the demo enterprise login's company, in the demo district login's district
            code, district = DEMO_INDUSTRY, DEMO_DISTRICT
        name = f"大连{rng.choice(NAME_HEADS)}{NAME_TAILS[code]}有限公司（演示{n:03d}）"
        companies.append(
            enterprise_ensure(uscc=demo_uscc(n, district), name=name, industry_code=code, district_code=district)
        )
    demo_user = User.objects.filter(username="enterprise").first()
    if demo_user is not None:
        companies[0].users.add(demo_user)
    previous = Campaign.objects.create(
        title=f"{year - 1}{DEMO_MARK}", city=city, year=year - 1, deadline=date(year, 6, 30)
    )
    current = Campaign.objects.create(
        title=current_campaign_title(today), city=city, year=year, deadline=today + timedelta(days=DEADLINE_IN_DAYS)
    )
    base: dict[tuple[int, str], Decimal] = {}
    for company in companies:
        for cas in rng.sample(PROFILES[company.industry.code], k=2):
            base[(company.pk, cas)] = Decimal(rng.randint(5, 4000)) / 10
    base = {k: v for k, v in base.items() if k[0] != companies[0].pk}
    base.update({(companies[0].pk, cas): quantity for cas, quantity in DEMO_QUANTITIES.items()})

    def fill(campaign: Campaign, company: Enterprise, scale: float) -> Submission:
        submission = submission_start(campaign=campaign, enterprise=company, user=admin)
        for (pk, cas), quantity in base.items():
            if pk != company.pk:
                continue
            quantity = (quantity * Decimal(str(scale))).quantize(Decimal("0.1")) or Decimal("0.1")
            factor = Decimal(rng.choice([0.5, 1, 2, 3]) if rng.random() > 0.03 else 60)  # kg per tonne, a few outliers
            line_save(
                submission=submission,
                user=admin,
                identifier=cas,
                activity=rng.choice(["processing_use", "processing_use", "production", "import"]),
                quantity_t=quantity,
                uses="生产原料" if rng.random() < 0.5 else "清洗剂、溶剂",
                releases={
                    "release_air_kg": (quantity * factor * Decimal("0.8")).quantize(Decimal("0.1")),
                    "release_water_kg": (quantity * factor * Decimal("0.2")).quantize(Decimal("0.1")),
                    "release_soil_kg": Decimal(0),
                    "transfer_kg": (quantity * Decimal(5)).quantize(Decimal("0.1")),
                },
                details=DETAILS,
            )
        return submission

    def sign(submission: Submission) -> None:
        submission_submit(
            submission=submission, user=admin, filler="填报员", reviewer="企业审核人", legal_representative="法定代表人"
        )

    for company in companies:  # last year: everyone accepted
        submission = fill(previous, company, 1.0)
        sign(submission)
        submission_review(submission=submission, user=admin, approve=True)
        submission_review(submission=submission, user=admin, approve=True)
    counts: dict[str, int] = {}
    for company in companies:
        roll, state = rng.random(), "not started"
        for name, share in STATES:
            if roll < share:
                state = name
                break
            roll -= share
        if company == companies[0]:
            state = "submitted"  # waits for the district's review
        counts[state] = counts.get(state, 0) + 1
        if state == "not started":
            continue
        # a year-on-year jump now and then, for the reviewers' cross-checks
        submission = fill(current, company, rng.choice([0.8, 1.0, 1.1, 1.3]) if rng.random() > 0.02 else 15.0)
        if state == "draft":
            continue
        sign(submission)
        if state == "returned":
            submission_review(submission=submission, user=admin, approve=False, comment="请核实年用量与排放量（演示）")
        elif state in ("city_review", "accepted"):
            submission_review(submission=submission, user=admin, approve=True)
            if state == "accepted":
                submission_review(submission=submission, user=admin, approve=True)
    return f"{len(companies)} enterprises; {year} round: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
