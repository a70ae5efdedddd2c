"""The demo tells one story per login (issue #14, item 10), with dates relative to the day it is loaded.

The demo steps run at test scale (tests/core/demo_world.py: a small survey, no monitoring data); the facts
checked are the ones each demo login's workspace and reminders rely on.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from npgov.compliance.models import Finding
from npgov.core.models import User
from npgov.core.registry import registry
from npgov.enterprises.models import Enterprise
from npgov.risk.models import PriorityReview
from npgov.risk.workspace import review_due
from npgov.surveys.demo import current_campaign_title
from npgov.surveys.models import Campaign, Submission
from npgov.workplan.models import IndicatorRecord, ProgressReport, SupervisionOrder
from tests.core.demo_world import build_demo_world

pytestmark = pytest.mark.django_db

WEEK = timedelta(days=7)


@pytest.fixture
def world(org: None) -> dict[str, object]:
    return build_demo_world()


def test_each_demo_login_has_its_own_work(world: dict[str, object]) -> None:
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.all()}
    # enterprise: its company lies in the district login's district; its report waits for the district's review
    company = Enterprise.objects.get(users=users["enterprise"])
    assert company.district_id in users["district"].district_scope_ids()
    campaign = Campaign.objects.get(title=current_campaign_title())
    assert campaign.deadline > today
    assert Submission.objects.get(campaign=campaign, enterprise=company).status == "submitted"
    # … and open findings with rectification deadlines, the nearest within the week
    findings = Finding.objects.filter(enterprise=company, status="open").order_by("due_date")
    assert findings.exists(), world
    assert today < findings[0].due_date <= today + WEEK
    # department (agriculture): a dispatch to answer within the week, a supervision order, indicator figures
    agri = users["agri"]
    waiting = ProgressReport.objects.filter(department=agri.department, submitted_at__isnull=True,
                                            request__due_date__gt=today)  # fmt: skip
    assert waiting.exists() and waiting[0].request.due_date <= today + WEEK
    assert SupervisionOrder.objects.filter(department=agri.department, status="open").exists()
    assert IndicatorRecord.objects.filter(department=agri.department).exists()
    # district: answers to this quarter's dispatch too
    assert ProgressReport.objects.filter(district=users["district"].district, submitted_at__isnull=True).exists()
    # expert: a review assigned, due within the week
    review = PriorityReview.objects.get(expert__user=users["expert"])
    assert review.verdict == "pending" and today < review_due(review) <= today + WEEK, world


def test_a_reminder_waits_for_every_official_login_and_the_enterprise(world: dict[str, object]) -> None:
    """Deadlines within the reminders' week reach each of these logins (``npgov demo`` then runs the tick)."""
    today = timezone.localdate()
    reached: set[int] = set()
    for source in registry.deadline_sources:
        for deadline in source.scan(today, today + WEEK):
            reached.update(deadline.recipients)
    names = set(User.objects.filter(pk__in=reached).values_list("username", flat=True))
    assert {"agri", "district", "enterprise", "expert"} <= names, (names, world)


def test_the_demo_is_idempotent(world: dict[str, object]) -> None:
    again = build_demo_world()
    assert again["workplan"] == "already present" and again["survey"] == "already present"
    assert PriorityReview.objects.count() == 1
