"""The surveys app's public reads: accepted report lines by year, campaign, enterprise or substance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from npgov.core.models import District
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.selectors import (
    accepted_latest_year,
    accepted_lines,
    accepted_volumes,
    campaign_by_year,
    submission_for,
)
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db


def test_accepted_lines_leave_out_reports_not_accepted(org: None) -> None:
    accepted = SubmissionLineFactory(submission__status=SubmissionStatus.ACCEPTED)
    for status in (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_REVIEW,
                   SubmissionStatus.RETURNED):  # fmt: skip
        SubmissionLineFactory(submission__status=status)
    assert list(accepted_lines()) == [accepted]


def test_accepted_lines_filter_by_year_campaign_enterprise_and_substance(org: None) -> None:
    older = SubmissionLineFactory(submission__status=SubmissionStatus.ACCEPTED, submission__campaign__year=2031)
    newer = SubmissionLineFactory(
        submission__status=SubmissionStatus.ACCEPTED,
        submission__campaign__year=2032,
        submission__enterprise=older.submission.enterprise,
    )
    assert list(accepted_lines(year=2031)) == [older]
    assert list(accepted_lines(campaign=newer.submission.campaign)) == [newer]
    assert set(accepted_lines(enterprise=older.submission.enterprise)) == {older, newer}
    assert set(accepted_lines(enterprises=[older.submission.enterprise_id])) == {older, newer}
    assert list(accepted_lines(substance=newer.substance)) == [newer]
    assert accepted_latest_year() == 2032


def test_no_accepted_year_without_accepted_reports(org: None) -> None:
    SubmissionLineFactory()
    assert accepted_latest_year() is None


def test_it_finds_a_citys_campaign_by_year_and_an_enterprises_submission(org: None) -> None:
    campaign = CampaignFactory(year=2033)
    submission = SubmissionFactory(campaign=campaign)
    assert campaign_by_year(year=2033, city_code="210200") == campaign
    assert campaign_by_year(year=2033, city_code="320700") is None
    assert submission_for(campaign=campaign, enterprise=submission.enterprise) == submission



def test_accepted_volumes_equal_the_lines_and_follow_each_accepted_report(personas: Personas) -> None:
    """The per-substance volumes are cached under the year's accepted reports: a newly accepted report (through
    the review service, as in use) moves the answer on at once."""

    def live(year: int) -> dict[int, tuple[Decimal, int]]:
        rows = (
            accepted_lines(year=year)
            .values("substance")
            .annotate(total=Sum("quantity_t"), enterprises=Count("submission__enterprise_id", distinct=True))
        )
        return {row["substance"]: (row["total"], row["enterprises"]) for row in rows}

    def cached(year: int) -> dict[int, tuple[Decimal, int]]:
        return {v.substance_id: (v.quantity_t, v.enterprises) for v in accepted_volumes(year=year)}

    district = District.objects.get(code="210211")
    first, second = EnterpriseFactory(district=district), EnterpriseFactory(district=district)
    accepted_report(first, personas.sysadmin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂")
    assert cached(2024) == live(2024) and len(live(2024)) == 1
    accepted_report(second, personas.sysadmin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂")
    assert cached(2024) == live(2024)
    assert list(cached(2024).values()) == [(Decimal("4"), 2)]  # 2 t from each of the two enterprises
    assert cached(2023) == {}
