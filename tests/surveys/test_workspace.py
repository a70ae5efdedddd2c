"""The survey's workspace widgets (an enterprise's reports, the review queues) and its submission deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from npgov.core.models import District, User
from npgov.core.registry import WorkList, registry
from npgov.enterprises.models import Enterprise, Industry
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.workspace import submission_deadlines
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, ReviewCommentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def work(key: str, user: User, today: date = TODAY) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == key)
    result = widget.items(User.objects.get(pk=user.pk), today)  # a fresh user: no cached district scope
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def assert_every_link_opens(user: User, result: WorkList) -> None:
    client = client_for(user)
    for item in result.items:
        assert client.get(item.url).status_code == 200, item.url
    if result.more_url:
        assert client.get(result.more_url).status_code == 200


@pytest.fixture
def company(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


def test_an_enterprise_without_a_report_is_asked_to_start_the_current_one(
    personas: Personas, company: Enterprise
) -> None:
    CampaignFactory(year=2024, deadline=date(2025, 6, 30))
    current = CampaignFactory(year=2025, deadline=date(2026, 6, 30))
    result = work("surveys.my_reports", personas.enterprise)
    [item] = result.items
    assert item.url == current.get_absolute_url() and item.due == date(2026, 6, 30)
    assert current.title in item.title and not item.overdue(TODAY)
    assert_every_link_opens(personas.enterprise, result)


def test_a_returned_report_comes_with_the_reviewers_comments_and_is_overdue_after_the_deadline(
    personas: Personas, company: Enterprise
) -> None:
    campaign = CampaignFactory(year=2025, deadline=date(2026, 3, 31))
    submitted = timezone.now() - timedelta(days=3)
    returned = SubmissionFactory(campaign=campaign, enterprise=company, status="returned", submitted_at=submitted)
    old = ReviewCommentFactory(submission=returned, text="上一轮的意见")
    old.created_at = submitted - timedelta(days=30)
    old.save()
    ReviewCommentFactory(submission=returned, text="请核实二氯甲烷年使用量。")
    result = work("surveys.my_reports", personas.enterprise)
    [item] = result.items
    assert item.status == SubmissionStatus.RETURNED.label  # the label, never the code
    assert "请核实二氯甲烷年使用量。" in item.note and "上一轮的意见" not in item.note
    assert item.due == date(2026, 3, 31) and item.overdue(TODAY)
    assert_every_link_opens(personas.enterprise, result)


def test_a_handed_in_report_shows_its_status_without_a_deadline(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025, deadline=date(2026, 3, 31))
    SubmissionFactory(campaign=campaign, enterprise=company, status="accepted")
    [item] = work("surveys.my_reports", personas.enterprise).items
    assert item.status == SubmissionStatus.ACCEPTED.label and item.due is None and not item.overdue(TODAY)


def test_my_reports_cost_the_same_queries_with_more_data(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025)
    SubmissionFactory(campaign=campaign, enterprise=company, status="returned")
    few = queries(lambda: work("surveys.my_reports", personas.enterprise))
    for year in range(2040, 2050):  # within the campaign years the database accepts (2020–2100)
        older = SubmissionFactory(campaign=CampaignFactory(year=year), enterprise=company, status="returned")
        ReviewCommentFactory(submission=older)
    second = EnterpriseFactory()
    second.users.add(personas.enterprise)
    many = queries(lambda: work("surveys.my_reports", personas.enterprise))
    assert many == few <= 8


def test_review_queues_list_what_waits_for_each_reviewer(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025)
    elsewhere = EnterpriseFactory(district=District.objects.get(code="210283"))
    mine = SubmissionFactory(campaign=campaign, enterprise=company, status="submitted", submitted_at=timezone.now())
    SubmissionFactory(campaign=campaign, enterprise=elsewhere, status="submitted", submitted_at=timezone.now())
    at_city = SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review")
    district = work("surveys.district_review", personas.district)
    assert [i.url for i in district.items] == [mine.get_absolute_url()] and district.total == 1
    assert district.items[0].status == SubmissionStatus.SUBMITTED.label
    city = work("surveys.city_review", personas.bureau)
    assert [i.url for i in city.items] == [at_city.get_absolute_url()]
    assert_every_link_opens(personas.district, district)
    assert_every_link_opens(personas.bureau, city)


def test_review_queues_cost_the_same_queries_with_more_data(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025)
    SubmissionFactory(campaign=campaign, enterprise=company, status="submitted")
    SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review")
    keys = [("surveys.district_review", personas.district), ("surveys.city_review", personas.bureau)]
    few = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    for _n in range(12):
        SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="submitted")
        SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review")
    many = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    assert many == few and max(many) <= 6
    assert work("surveys.district_review", personas.district).total == 13
    assert len(work("surveys.district_review", personas.district).items) == 5


def test_the_deadline_reminds_enterprises_that_have_not_handed_in(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025, deadline=TODAY + timedelta(days=7))
    done = EnterpriseFactory()
    done.users.add(UserFactory(role="enterprise"))
    SubmissionFactory(campaign=campaign, enterprise=done, status="submitted")
    draft = SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="draft")
    draft_user = UserFactory(role="enterprise")
    draft.enterprise.users.add(draft_user)
    EnterpriseFactory(status="closed").users.add(UserFactory(role="enterprise"))  # closed: not reminded
    deadlines = {d.key: d for d in submission_deadlines(TODAY, TODAY + timedelta(days=7))}
    mine = deadlines[f"surveys.campaign:{campaign.pk}:enterprise:{company.pk}"]
    assert mine.kind == "submission_due" and mine.recipients == (personas.enterprise.pk,)
    assert mine.due == campaign.deadline and mine.url == campaign.get_absolute_url()
    assert deadlines[f"surveys.campaign:{campaign.pk}:enterprise:{draft.enterprise_id}"].url == (
        draft.get_absolute_url()
    )
    assert len(deadlines) == 2  # neither the handed-in report nor the closed enterprise
    assert not list(submission_deadlines(TODAY, TODAY + timedelta(days=6)))  # not yet within the horizon
    late = TODAY + timedelta(days=30)
    assert len(list(submission_deadlines(late, late))) == 2  # overdue: still reminded
    long_after = TODAY + timedelta(days=200)
    assert not list(submission_deadlines(long_after, long_after))


def test_the_deadline_respects_the_campaigns_industries_and_costs_few_queries(
    personas: Personas, company: Enterprise
) -> None:
    campaign = CampaignFactory(year=2025, deadline=TODAY)
    campaign.industries.add(company.industry)
    other = EnterpriseFactory(industry=Industry.objects.get(code="2710"))
    other.users.add(UserFactory(role="enterprise"))
    few = queries(lambda: list(submission_deadlines(TODAY, TODAY)))
    assert [d.recipients for d in submission_deadlines(TODAY, TODAY)] == [(personas.enterprise.pk,)]
    for _n in range(10):
        EnterpriseFactory().users.add(UserFactory(role="enterprise"))
    assert queries(lambda: list(submission_deadlines(TODAY, TODAY))) == few <= 5
    assert len(list(submission_deadlines(TODAY, TODAY))) == 11


def test_a_district_sees_its_enterprises_that_have_not_handed_in(personas: Personas, company: Enterprise) -> None:
    campaign = CampaignFactory(year=2025, deadline=TODAY - timedelta(days=1))
    drafting = EnterpriseFactory(name="甲草稿企业")
    SubmissionFactory(campaign=campaign, enterprise=drafting, status="draft")
    SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="submitted")
    EnterpriseFactory(district=District.objects.get(code="210283"))  # another district's
    EnterpriseFactory(status="closed")
    result = work("surveys.district_outstanding", personas.district)
    assert sorted(i.title for i in result.items) == sorted(["甘井子示例化工", "甲草稿企业"])
    by_title = {i.title: i for i in result.items}
    assert by_title["甲草稿企业"].status == SubmissionStatus.DRAFT.label
    assert all(i.due == campaign.deadline and i.overdue(TODAY) for i in result.items)
    assert_every_link_opens(personas.district, result)
    few = queries(lambda: work("surveys.district_outstanding", personas.district))
    for _n in range(8):
        SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="returned")
    assert queries(lambda: work("surveys.district_outstanding", personas.district)) == few <= 8
    assert work("surveys.district_outstanding", personas.district).total == 10
