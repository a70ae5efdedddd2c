"""The notification centre's pages, the header bell and the API: each user sees and changes only their own."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from npgov.notifications.choices import NotificationKind
from npgov.notifications.models import Notification, NotificationPreference
from tests.conftest import Personas, client_for
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _bell_count(html: str) -> str | None:
    match = re.search(r'id="notification-count">([^<]*)<', html)
    return match.group(1) if match else None


def test_the_bell_shows_the_unread_count_and_hides_the_badge_at_zero(personas: Personas) -> None:
    client = client_for(personas.enterprise)
    html = client.get(reverse("core:home")).content.decode()
    assert "d-none\" id=\"notification-count\"" in html
    NotificationFactory.create_batch(3, recipient=personas.enterprise)
    NotificationFactory(recipient=personas.district)
    html = client.get(reverse("core:home")).content.decode()
    assert _bell_count(html) == "3"
    assert "d-none\" id=\"notification-count\"" not in html


def test_the_count_costs_one_query(personas: Personas, django_assert_max_num_queries) -> None:
    from npgov.notifications.context_processors import notifications

    NotificationFactory.create_batch(5, recipient=personas.bureau)

    class Request:
        user = personas.bureau

    with django_assert_max_num_queries(1):
        assert notifications(Request())["notifications_unread"] == 5  # type: ignore[arg-type]


def test_the_list_shows_own_notifications_unread_first(personas: Personas) -> None:
    read = NotificationFactory(recipient=personas.district, title="已读的消息")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")
    NotificationFactory(recipient=personas.district, title="未读的消息")
    NotificationFactory(recipient=personas.enterprise, title="别人的消息")
    html = client_for(personas.district).get(reverse("notifications:list")).content.decode()
    assert "别人的消息" not in html
    assert html.index("未读的消息") < html.index("已读的消息")


def test_the_list_filters_by_kind_and_unread(personas: Personas) -> None:
    NotificationFactory(recipient=personas.district, kind="finding_opened", title="发现问题")
    NotificationFactory(recipient=personas.district, kind="dispatch_received", title="调度通知")
    client = client_for(personas.district)
    html = client.get(reverse("notifications:list"), {"kind": "finding_opened"}).content.decode()
    assert "发现问题" in html and "调度通知" not in html
    html = client.get(reverse("notifications:list"), {"kind": "snake_case_code"}).content.decode()
    assert "发现问题" in html and "调度通知" in html  # an unknown kind filters nothing


def test_mark_one_read_then_all(personas: Personas) -> None:
    first, second = NotificationFactory.create_batch(2, recipient=personas.expert)
    theirs = NotificationFactory(recipient=personas.bureau)
    client = client_for(personas.expert)
    response = client.post(reverse("notifications:read"), {"pk": first.pk})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=personas.expert, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:read"), {"pk": theirs.pk})  # not theirs to mark
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications:read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=personas.expert, read_at__isnull=True).exists()


def test_open_marks_read_and_goes_to_the_object_but_never_off_site(personas: Personas) -> None:
    local = NotificationFactory(recipient=personas.expert, url="/risk/priority/")
    away = NotificationFactory(recipient=personas.expert, url="https://evil.example.com/")
    client = client_for(personas.expert)
    response = client.post(reverse("notifications:read"), {"pk": local.pk, "open": "1"})
    assert response["Location"] == "/risk/priority/"
    response = client.post(reverse("notifications:read"), {"pk": away.pk, "open": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_mark_read_needs_csrf(personas: Personas) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.expert)
    assert client.post(reverse("notifications:read"), {"all": "1"}).status_code == 403


def test_preferences_are_saved_per_kind(personas: Personas) -> None:
    client = client_for(personas.enterprise)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="finding_opened-in_app"' in page and "checked" in page
    data = {"finding_opened-email": "on"}  # finding_opened: not in the centre, by email; every other kind: off
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    pref = NotificationPreference.objects.get(user=personas.enterprise, kind="finding_opened")
    assert (pref.in_app, pref.email) == (False, True)
    assert NotificationPreference.objects.filter(user=personas.enterprise, in_app=True).count() == 0
    # the kinds of other roles are not offered, nor switched off by the form
    assert 'name="review_assigned-in_app"' not in page
    assert not NotificationPreference.objects.filter(user=personas.enterprise, kind="review_assigned").exists()


def test_a_kind_received_is_offered_whatever_the_role(personas: Personas) -> None:
    NotificationFactory(recipient=personas.enterprise, kind="review_assigned")
    page = client_for(personas.enterprise).get(reverse("notifications:preferences")).content.decode()
    assert 'name="review_assigned-in_app"' in page
    everything = client_for(personas.bureau).get(reverse("notifications:preferences")).content.decode()
    assert everything.count("-in_app\"") == len(NotificationKind.choices)


def test_the_api_lists_only_own_notifications_and_marks_them_read(personas: Personas) -> None:
    mine = NotificationFactory(recipient=personas.department, title="我的")
    NotificationFactory(recipient=personas.bureau, title="局里的")
    client = client_for(personas.department)
    data = client.get(reverse("api:notifications-notification-list")).json()
    assert [row["title"] for row in data["results"]] == ["我的"]
    assert data["results"][0]["unread"] is True and data["results"][0]["message"]
    response = client.post(reverse("api:notifications-notification-read"), {"ids": [mine.pk]},
                           content_type="application/json")  # fmt: skip
    assert response.json() == {"marked": 1, "unread": 0}
    bureau = client_for(personas.bureau)
    assert bureau.post(reverse("api:notifications-notification-read"), {}, content_type="application/json").json() == {
        "marked": 1, "unread": 0,
    }  # fmt: skip


def test_the_api_needs_a_signed_in_user() -> None:
    from django.test import Client

    assert Client().get(reverse("api:notifications-notification-list")).status_code in (401, 403)
