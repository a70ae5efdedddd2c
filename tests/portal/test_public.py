"""The public shell and home: "/" for visitors, the workspace for signed-in users, the language switch, the menu."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from npgov.core.registry import registry
from tests.conftest import Personas, client_for
from tests.enforcement.factories import CaseFactory, InspectionDrawFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_portal_home_at_the_root_and_under_portal(org: None) -> None:
    InspectionDrawFactory(title="2026年第一批双随机抽查", published=True, created_by=None)
    for url in ("/", reverse("portal:home")):
        response = client_for(None).get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'id="portal-title"' in page and 'id="portal-login"' in page and 'id="portal-workspace"' not in page
        assert "2026年第一批双随机抽查" in page
    assert registry.public_home is not None


def test_a_signed_in_user_keeps_the_workspace_at_the_root_and_sees_the_workspace_link_on_the_portal(
    personas: Personas,
) -> None:
    client = client_for(personas.district)
    workspace = client.get("/")
    assert workspace.status_code == 200 and "core/home.html" in [t.name for t in workspace.templates]
    assert 'id="portal-link"' in workspace.content.decode()  # the header link to the portal
    portal = client.get(reverse("portal:home")).content.decode()
    assert 'id="portal-workspace"' in portal and 'id="portal-login"' not in portal


def test_the_home_shows_only_published_draws_and_cases(org: None) -> None:
    InspectionDrawFactory(title="已公开的抽查", published=True, created_by=None)
    InspectionDrawFactory(title="尚未公开的抽查", published=False, created_by=None)
    CaseFactory(number="PUB-001", published=True, decision="罚款五万元")
    CaseFactory(number="HIDDEN-002", published=False, decision="内部处理意见")
    page = client_for(None).get(reverse("portal:home")).content.decode()
    assert "已公开的抽查" in page and "PUB-001" in page
    assert "尚未公开的抽查" not in page and "HIDDEN-002" not in page and "内部处理意见" not in page


def test_the_home_costs_a_bounded_number_of_queries(org: None, django_assert_max_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CaseFactory(number="Q-first", published=True)
    with CaptureQueriesContext(connection) as few:
        client_for(None).get(reverse("portal:home"))
    for n in range(8):
        CaseFactory(number=f"Q-{n}", published=True)
        InspectionDrawFactory(published=True, created_by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):  # the same, whatever the amount of data
        assert client_for(None).get(reverse("portal:home")).status_code == 200


def test_the_home_shows_key_figures_that_link_to_their_pages(org: None) -> None:
    CaseFactory(published=True)
    response = client_for(None).get(reverse("portal:home"))
    figures = {f.key: f.value for f in response.context["figures"]}
    assert figures["cases"] == 1 and figures["draws"] == 0
    assert 'data-figure="cases"' in response.content.decode()


def test_the_language_switch_sets_the_cookie_and_returns_to_a_safe_page(org: None) -> None:
    client = client_for(None)
    back = reverse("portal:opendata")
    response = client.get(reverse("portal:language"), {"lang": "en", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(back).content.decode()
    # another site is not a place to go back to; an unknown language sets nothing
    evil = client_for(None).get(reverse("portal:language"), {"lang": "xx", "next": "https://evil.example/"})
    assert evil["Location"] == reverse("portal:home") and settings.LANGUAGE_COOKIE_NAME not in evil.cookies


def test_the_language_switch_works_on_cached_pages(org: None) -> None:
    client = client_for(None)
    chinese = client.get(reverse("portal:opendata"))
    assert '<html lang="zh-hans">' in chinese.content.decode() and chinese["X-Cache"] == "miss"
    assert client.get(reverse("portal:opendata"))["X-Cache"] == "hit"
    client.get(reverse("portal:language"), {"lang": "en", "next": "/"})
    english = client.get(reverse("portal:opendata"))
    assert '<html lang="en">' in english.content.decode() and english["Content-Language"] == "en"


def test_the_shell_holds_no_csrf_token_and_a_menu_of_routes_that_exist(org: None) -> None:
    response = client_for(None).get(reverse("portal:home"))
    page = response.content.decode()
    assert "csrfmiddlewaretoken" not in page and not response.cookies
    assert f'href="{reverse("enforcement:public_draws")}"' in page
    assert f'href="{reverse("portal:opendata")}"' in page and f'href="{reverse("portal:about")}"' in page


def test_the_portal_section_of_the_signed_in_menu(personas: Personas) -> None:
    page = client_for(personas.enterprise).get("/").content.decode()
    assert reverse("portal:opendata") in page and registry.sections["portal"].order > max(
        s.order for k, s in registry.sections.items() if k != "portal"
    )
