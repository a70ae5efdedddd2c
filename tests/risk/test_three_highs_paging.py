"""The three-highs page shows one page of substances and costs a bounded number of queries (issue 14, item 11)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import Personas, client_for
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db


def _reported(n: int, campaign: Any) -> None:
    """``n`` substances reported in accepted submissions: each becomes a row of the screening."""
    submission = SubmissionFactory(campaign=campaign, status="accepted")
    SubmissionLineFactory.create_batch(n, submission=submission, quantity_t=Decimal("2"))


def test_the_page_shows_one_page_of_substances(personas: Personas) -> None:
    _reported(60, CampaignFactory(year=2031))
    client = client_for(personas.bureau)
    response = client.get(reverse("risk:screening"), {"flags": "0"})
    assert response.status_code == 200
    total = response.context["total"]
    assert total >= 60
    assert len(response.context["rows"]) == 25  # the default page size, as on every list
    assert response.context["page"].paginator.num_pages == -(-total // 25)
    html = response.content.decode()
    assert 'id="screening-pages"' in html and "page=2" in html
    last = client.get(reverse("risk:screening"), {"flags": "0", "per_page": "50", "page": "999"})
    assert last.context["page"].number == last.context["page"].paginator.num_pages  # a page past the end: the last
    assert 0 < len(last.context["rows"]) <= 50
    # a page size not offered falls back to the default
    assert len(client.get(reverse("risk:screening"), {"flags": "0", "per_page": "100000"}).context["rows"]) == 25


def test_the_export_still_holds_every_row(personas: Personas) -> None:
    _reported(60, CampaignFactory(year=2031))
    client = client_for(personas.bureau)
    total = client.get(reverse("risk:screening"), {"flags": "0"}).context["total"]
    export = client.get(reverse("risk:screening"), {"flags": "0", "export": "csv"})
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == total + 1  # header and every row, not one page


def test_the_queries_do_not_grow_with_the_rows(personas: Personas, django_assert_max_num_queries: Any) -> None:
    campaign = CampaignFactory(year=2031)
    _reported(5, campaign)
    client = client_for(personas.bureau)
    client.get(reverse("risk:screening"), {"flags": "0"})  # build the classifier once
    with django_assert_max_num_queries(10_000) as few:
        client.get(reverse("risk:screening"), {"flags": "0"})
    baseline = len(few)  # now: the context reads the connection's log, which the next request clears
    _reported(60, campaign)
    client.get(reverse("risk:screening"), {"flags": "0"})  # the registry changed: the classifier is rebuilt once
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("risk:screening"), {"flags": "0", "per_page": "250"})
    assert response.context["total"] >= 65
