"""The published enforcement pages (双随机、一公开): in the portal's shell, published rows only, paginated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.enforcement.factories import (
    CaseFactory,
    InspectionDrawFactory,
    InspectionRecordFactory,
    InspectionTaskFactory,
)

pytestmark = pytest.mark.django_db


def test_the_draw_list_shows_published_draws_in_the_portal_shell(org: None) -> None:
    InspectionDrawFactory(title="公开抽查A", published=True, created_by=None)
    InspectionDrawFactory(title="内部抽查B", published=False, created_by=None)
    response = client_for(None).get(reverse("enforcement:public_draws"))
    page = response.content.decode()
    assert "public_base.html" in [t.name for t in response.templates]
    assert "公开抽查A" in page and "内部抽查B" not in page
    assert 'id="portal-nav"' in page and reverse("enforcement:public_cases") in page


def test_the_draw_page_shows_results_but_no_observations(org: None) -> None:
    draw = InspectionDrawFactory(title="公开抽查C", seed="种子-123", published=True, created_by=None)
    record = InspectionRecordFactory(
        task=InspectionTaskFactory(draw=draw, status="done"), observations="不公开的现场记录"
    )
    page = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk])).content.decode()
    assert "种子-123" in page and record.task.enterprise.name in page
    assert "不公开的现场记录" not in page and record.task.get_absolute_url() not in page
    hidden = InspectionDrawFactory(published=False, created_by=None)
    assert client_for(None).get(reverse("enforcement:public_draw", args=[hidden.pk])).status_code == 404


def test_the_case_list_shows_only_published_cases_without_facts(org: None) -> None:
    CaseFactory(number="PUB-CASE-1", published=True, facts="调查中的事实经过", decision="责令改正并处罚款")
    CaseFactory(number="DRAFT-CASE-2", published=False)
    page = client_for(None).get(reverse("enforcement:public_cases")).content.decode()
    assert "PUB-CASE-1" in page and "责令改正并处罚款" in page
    assert "DRAFT-CASE-2" not in page and "调查中的事实经过" not in page


def test_the_lists_are_paginated(org: None) -> None:
    for n in range(25):
        CaseFactory(number=f"PAGE-{n:02d}", published=True)
    first = client_for(None).get(reverse("enforcement:public_cases"))
    assert len(first.context["page"].object_list) == 20 and "page=2" in first.content.decode()
    second = client_for(None).get(reverse("enforcement:public_cases") + "?page=2")
    assert len(second.context["page"].object_list) == 5
    assert client_for(None).get(reverse("enforcement:public_cases") + "?page=x").status_code == 200


def test_the_portal_menu_leads_to_the_enforcement_pages(org: None) -> None:
    page = client_for(None).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("enforcement:public_draws")}"' in page
