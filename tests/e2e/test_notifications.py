"""The notification centre in a browser: the bell's unread count, the list, marking read, on a desk and a phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from npgov.notifications.models import Notification
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _inbox(personas: Personas) -> None:
    eve = personas.enterprise
    today = timezone.localdate()
    NotificationFactory(recipient=eve, kind="submission_returned", title="2026年度新污染物环境信息调查",
                        note="第2行：用途未填写，请补充。", url="/notifications/preferences/")  # fmt: skip
    NotificationFactory(recipient=eve, kind="finding_due", stage="due_tomorrow", title="大连某化工有限公司 · 全氟辛酸",
                        due=today + timedelta(days=1), url="/notifications/")  # fmt: skip
    NotificationFactory(recipient=eve, kind="finding_due", stage="overdue", title="大连某化工有限公司 · 二氯甲烷",
                        due=today - timedelta(days=3), url="/notifications/")  # fmt: skip
    NotificationFactory(recipient=personas.district, title="别人的消息")


def _count(page: Any) -> str | None:
    badge = page.locator("#notification-count")
    return badge.inner_text() if badge.is_visible() else None


def test_the_bell_counts_unread_and_the_centre_marks_them_read(
    personas: Personas, live_server: Any, browser: Any
) -> None:
    _inbox(personas)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded test machine is slow
    sign_in(page, live_server.url, personas.enterprise.username)
    assert _count(page) == "3"
    page.click("#notification-bell-button")
    page.click("#notification-centre-link")
    page.wait_for_url(f"{live_server.url}/notifications/")
    items = page.locator("#notification-list [data-notification]")
    assert items.count() == 3
    assert "别人的消息" not in page.locator("#notification-list").inner_text()
    assert "第2行：用途未填写，请补充。" in page.locator("#notification-list").inner_text()
    screenshot(page, "notifications-1440")
    # mark one read: the count drops
    items.first.locator("button.mark-read").click()
    page.wait_for_load_state()
    assert _count(page) == "2"
    # open one: it is marked read and its page opens
    page.locator("#notification-list form:has(input[name=open]) button").first.click()
    page.wait_for_load_state()
    assert _count(page) == "1"
    # mark all read: the badge disappears
    page.goto(f"{live_server.url}/notifications/")
    page.click("#mark-all-read")
    page.wait_for_load_state()
    assert _count(page) is None
    assert not Notification.objects.filter(recipient=personas.enterprise, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=personas.district, read_at__isnull=True).count() == 1
    context.close()


def test_the_centre_on_a_phone(personas: Personas, live_server: Any, browser: Any) -> None:
    _inbox(personas)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded test machine is slow
    sign_in(page, live_server.url, personas.enterprise.username)
    assert page.locator("#notification-bell-button").is_visible()
    assert _count(page) == "3"
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator("#notification-list [data-notification]").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    screenshot(page, "notifications-390")
    page.goto(f"{live_server.url}/notifications/preferences/")
    screenshot(page, "notification-preferences-390")
    context.close()
