"""The page cache: anonymous pages served from the cache without touching the database, invalidated on
publication, never for signed-in users, never with a cookie; ETags answer 304."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from npgov.core.pagecache import invalidate_portal, portal_version, public_page
from npgov.core.signals import domain_event
from npgov.enforcement.inspections import services
from tests.conftest import Personas, client_for
from tests.enforcement.factories import CaseFactory, InspectionDrawFactory

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "portal:home",
    "portal:opendata",
    "portal:about",
    "enforcement:public_draws",
    "enforcement:public_cases",
]


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_a_second_anonymous_request_is_a_cache_hit_without_queries(
    name: str, org: None, django_assert_num_queries: Any
) -> None:
    client = client_for(None)
    first = client.get(reverse(name))
    assert first.status_code == 200 and first["X-Cache"] == "miss" and "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get(reverse(name))
    assert second["X-Cache"] == "hit" and second.content == first.content


def test_downloads_are_cached_too(org: None, django_assert_num_queries: Any) -> None:
    url = reverse("portal:dataset_csv", args=["enforcement-cases"])
    client_for(None).get(url)
    with django_assert_num_queries(0):
        assert client_for(None).get(url)["X-Cache"] == "hit"


def test_publishing_a_draw_or_a_case_invalidates_the_cached_pages(personas: Personas) -> None:
    client = client_for(None)
    draw = InspectionDrawFactory(title="待公开的抽查", published=False, created_by=None)
    assert "待公开的抽查" not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:home"))["X-Cache"] == "hit"
    services.draw_publish(draw=draw, user=personas.bureau)
    after = client.get(reverse("portal:home"))
    assert after["X-Cache"] == "miss" and "待公开的抽查" in after.content.decode()
    case = CaseFactory(number="CASE-LATER", published=False)
    client.get(reverse("enforcement:public_cases"))
    case.published = True
    case.save()
    assert "CASE-LATER" in client.get(reverse("enforcement:public_cases")).content.decode()


def test_a_publication_event_invalidates(org: None) -> None:
    before = portal_version()
    domain_event.send(sender="priority_list_published", kind="priority_list_published", key="risk.prioritydraft:1")
    assert portal_version() == before + 1
    domain_event.send(sender="review_assigned", kind="review_assigned", key="x")
    assert portal_version() == before + 1  # an internal event is not a publication
    invalidate_portal()
    assert portal_version() == before + 2


def test_signed_in_users_are_never_served_or_stored_from_the_cache(personas: Personas) -> None:
    official = client_for(personas.bureau)
    first = official.get(reverse("portal:home"))
    assert "X-Cache" not in first and "private" in first["Cache-Control"]
    assert 'id="portal-workspace"' in first.content.decode()
    visitor = client_for(None).get(reverse("portal:home"))
    assert visitor["X-Cache"] == "miss" and 'id="portal-workspace"' not in visitor.content.decode()
    assert "X-Cache" not in official.get(reverse("portal:home"))  # not the visitor's copy either


def test_a_response_that_sets_a_cookie_is_never_stored(org: None) -> None:
    calls: list[int] = []

    @public_page
    def view(request):  # type: ignore[no-untyped-def]
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("tracker", "1")
        return response

    from django.contrib.auth.models import AnonymousUser

    for _ in range(2):
        request = RequestFactory().get("/portal/cookie-test/")
        request.user = AnonymousUser()
        response = view(request)
        assert "X-Cache" not in response
    assert len(calls) == 2


def test_an_etag_answers_304(org: None) -> None:
    client = client_for(None)
    first = client.get(reverse("portal:about"))
    etag = first["ETag"]
    again = client.get(reverse("portal:about"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content and again["ETag"] == etag
    other = client.get(reverse("portal:about"), HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_post_and_errors_are_not_cached(org: None) -> None:
    assert client_for(None).post(reverse("portal:home")).status_code == 405
    missing = client_for(None).get(reverse("enforcement:public_draw", args=[999999]))
    assert missing.status_code == 404
    assert client_for(None).get(reverse("enforcement:public_draw", args=[999999])).get("X-Cache") is None


def test_a_page_with_a_csrf_token_is_never_stored(org: None) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import get_token

    @public_page
    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse(f"<form>{get_token(request)}</form>")

    request = RequestFactory().get("/portal/form-test/")
    request.user = AnonymousUser()
    assert "X-Cache" not in view(request)  # rendered, not stored
    again = RequestFactory().get("/portal/form-test/")
    again.user = AnonymousUser()
    assert "X-Cache" not in view(again)


def test_a_page_that_writes_the_session_or_shows_a_message_is_never_stored(org: None) -> None:
    from django.contrib import messages
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    @public_page
    def remembers(request):  # type: ignore[no-untyped-def]
        request.session["seen"] = True
        return HttpResponse("remembered")

    @public_page
    def tells(request):  # type: ignore[no-untyped-def]
        messages.info(request, "saved")
        return HttpResponse("told")

    for view in (remembers, tells):
        request = RequestFactory().get(f"/portal/{view.__name__}/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        assert "X-Cache" not in view(request), view.__name__
