"""The review queue pages and costs a bounded number of queries however many submissions wait (issue 14, item 11)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from npgov.core.models import District
from npgov.surveys.models import Submission
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db
START = datetime(2031, 3, 1, 9, 0, tzinfo=timezone.get_default_timezone())


def _submit(campaign: Any, n: int, *, offset: int = 0, lines: int = 2, district: str = "210211") -> list[Submission]:
    made = []
    for i in range(n):
        enterprise = EnterpriseFactory(district=District.objects.get(code=district))
        submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="submitted",
                                       submitted_at=START + timedelta(hours=offset + i))  # fmt: skip
        SubmissionLineFactory.create_batch(lines, submission=submission)
        made.append(submission)
    return made


def _rows(response: Any) -> list[Any]:
    return [row.record for row in response.context["table"].page.object_list]


def test_the_queue_costs_the_same_queries_with_ten_times_the_rows(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    campaign = CampaignFactory()
    _submit(campaign, 3)
    client = client_for(personas.district)
    url = reverse("surveys:review_queue")
    client.get(url)  # warm caches (navigation, sessions)
    with django_assert_max_num_queries(10_000) as few:
        assert client.get(url).status_code == 200
    baseline = len(few)  # now: the context reads the connection's log, which the next request clears
    _submit(campaign, 30, offset=10, lines=3)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 33


def test_the_queue_pages_oldest_first_with_the_line_count(personas: Personas) -> None:
    campaign = CampaignFactory()
    made = _submit(campaign, 30)
    client = client_for(personas.district)
    first = client.get(reverse("surveys:review_queue"))
    rows = _rows(first)
    assert len(rows) == 25  # the first page only
    assert [r.pk for r in rows] == [s.pk for s in made[:25]]
    assert {r.line_count for r in rows} == {2}
    second = client.get(reverse("surveys:review_queue"), {"page": 2})
    assert [r.pk for r in _rows(second)] == [s.pk for s in made[25:]]
    page = first.content.decode()
    assert "page=2" in page


def test_the_queue_holds_only_the_reviewers_step_and_district(personas: Personas) -> None:
    campaign = CampaignFactory()
    mine = _submit(campaign, 2)
    other_district = District.objects.filter(kind="district").exclude(pk__in=personas.district.district_scope_ids())[0]
    _submit(campaign, 2, offset=5, district=other_district.code)
    SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="draft")
    city = SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review",
                             submitted_at=START)  # fmt: skip
    assert {r.pk for r in _rows(client_for(personas.district).get(reverse("surveys:review_queue")))} == {
        s.pk for s in mine
    }
    assert [r.pk for r in _rows(client_for(personas.bureau).get(reverse("surveys:review_queue")))] == [city.pk]
    assert client_for(personas.enterprise).get(reverse("surveys:review_queue")).status_code == 403


def test_the_queue_is_served_by_an_index_on_status_and_submission_time() -> None:
    indexes = {tuple(index.fields) for index in Submission._meta.indexes}
    assert ("status", "submitted_at") in indexes
