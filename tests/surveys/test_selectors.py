"""The surveys app's public reads: accepted report lines by year, campaign, enterprise or substance."""

from __future__ import annotations

import pytest

from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.selectors import accepted_latest_year, accepted_lines, campaign_by_year, submission_for
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
