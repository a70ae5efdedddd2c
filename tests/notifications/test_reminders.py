"""Deadline reminders: a week before, the day before, overdue — once each, whatever how often the job runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

from npgov.core.registry import Deadline, DeadlineSource, registry
from npgov.notifications.models import Notification
from npgov.notifications.services import reminder_stage, run_ticks, send_reminders
from tests.core.factories import UserFactory
from tests.notifications.factories import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 20)


@pytest.fixture
def deadlines() -> Iterator[list[Deadline]]:
    """A fake deadline source registered for the test; the list it returns can be changed by the test."""
    items: list[Deadline] = []
    scanned: list[tuple[date, date]] = []

    def scan(today: date, horizon: date) -> list[Deadline]:
        scanned.append((today, horizon))
        return [d for d in items if d.due <= horizon]

    source = DeadlineSource("test-source", scan)
    with mock.patch.object(registry, "deadline_sources", [source]):
        yield items
    assert all(horizon == today + timedelta(days=7) for today, horizon in scanned)


def _deadline(
    *users: int, kind: str = "dispatch_due", key: str = "workplan.progressreport:1", due: date = DUE
) -> Deadline:
    return Deadline(kind=kind, key=key, recipients=users, title="第三季度调度", url="/workplan/requests/1/", due=due)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (DUE - timedelta(days=8), None),
        (DUE - timedelta(days=7), "due_in_7"),
        (DUE - timedelta(days=2), "due_in_7"),
        (DUE - timedelta(days=1), "due_tomorrow"),
        (DUE, "due_tomorrow"),
        (DUE + timedelta(days=1), "overdue"),
        (DUE + timedelta(days=90), "overdue"),
    ],
)
def test_the_stage_of_a_deadline(today: date, stage: str | None) -> None:
    assert reminder_stage(DUE, today) == stage


def test_advancing_the_clock_sends_each_stage_once(deadlines: list[Deadline]) -> None:
    dora, other = UserFactory(), UserFactory()
    deadlines.append(_deadline(dora.pk))
    stages = []
    for offset in range(-10, 6):  # ten days before to five days after, the job running twice a day
        today = DUE + timedelta(days=offset)
        send_reminders(today)
        send_reminders(today)
        stages.append(list(Notification.objects.filter(recipient=dora).order_by("pk").values_list("stage", flat=True)))
    assert stages[-1] == ["due_in_7", "due_tomorrow", "overdue"]
    assert stages[2] == []  # eight days before: nothing yet
    assert stages[3] == ["due_in_7"]  # seven days before
    assert stages[9] == ["due_in_7", "due_tomorrow"]  # the day before
    assert stages[11] == ["due_in_7", "due_tomorrow", "overdue"]  # the day after
    assert not Notification.objects.filter(recipient=other).exists()
    sent = set(Notification.objects.values_list("kind", "due", "url"))
    assert sent == {("dispatch_due", DUE, "/workplan/requests/1/")}


def test_a_new_due_date_is_reminded_again(deadlines: list[Deadline]) -> None:
    dora = UserFactory()
    deadlines.append(_deadline(dora.pk))
    send_reminders(DUE + timedelta(days=1))
    deadlines[0] = _deadline(dora.pk, due=DUE + timedelta(days=30))  # extended
    send_reminders(DUE + timedelta(days=31))
    send_reminders(DUE + timedelta(days=32))
    assert list(Notification.objects.values_list("stage", "due")) == [
        ("overdue", DUE + timedelta(days=30)),
        ("overdue", DUE),
    ]


def test_the_clock_is_read_from_the_configured_time_zone(deadlines: list[Deadline]) -> None:
    dora = UserFactory()
    deadlines.append(_deadline(dora.pk))
    with mock.patch("django.utils.timezone.localdate", return_value=DUE - timedelta(days=1)):
        result = send_reminders()
    assert result["reminders"] == 1
    assert Notification.objects.get().stage == "due_tomorrow"


def test_counts_and_several_recipients(deadlines: list[Deadline]) -> None:
    a, b = UserFactory(), UserFactory()
    deadlines += [_deadline(a.pk, b.pk), _deadline(a.pk, kind="finding_due", key="compliance.finding:9")]
    deadlines.append(_deadline(a.pk, key="later", due=DUE + timedelta(days=30)))  # beyond the horizon
    result = send_reminders(DUE - timedelta(days=3))
    assert result == {"deadlines": 2, "failed_sources": 0, "reminders": 3, "notifications": 3}
    assert send_reminders(DUE - timedelta(days=3))["reminders"] == 0


def test_preferences_apply_to_reminders_and_the_log_still_prevents_repeats(deadlines: list[Deadline]) -> None:
    quiet = UserFactory()
    NotificationPreferenceFactory(user=quiet, kind="dispatch_due", in_app=False, email=False)
    deadlines.append(_deadline(quiet.pk))
    assert send_reminders(DUE)["reminders"] == 1
    assert not Notification.objects.exists()


@override_settings(NOTIFICATION_EMAIL=True)
def test_reminders_are_emailed_once(deadlines: list[Deadline]) -> None:
    dora = UserFactory(email="dora@example.cn")
    deadlines.append(_deadline(dora.pk))
    send_reminders(DUE - timedelta(days=1))
    send_reminders(DUE - timedelta(days=1))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dora@example.cn"]
    assert "2026-03-20" in mail.outbox[0].subject


def test_a_broken_source_does_not_stop_the_others(deadlines: list[Deadline]) -> None:
    dora = UserFactory()
    deadlines.append(_deadline(dora.pk))

    def broken(today: date, horizon: date) -> list[Deadline]:
        raise RuntimeError("boom")

    sources = [DeadlineSource("broken", broken), *registry.deadline_sources]
    with mock.patch.object(registry, "deadline_sources", sources):
        result = send_reminders(DUE)
    assert result["failed_sources"] == 1 and result["reminders"] == 1


def test_the_reminders_are_a_registered_tick(deadlines: list[Deadline]) -> None:
    dora = UserFactory()
    deadlines.append(_deadline(dora.pk))
    assert "reminders" in [t.key for t in registry.ticks_in_order()]
    result = run_ticks(DUE)
    assert result["today"] == "2026-03-20"
    assert result["ticks"]["reminders"]["reminders"] == 1


def test_a_deadline_of_an_unknown_kind_is_skipped_and_not_marked_sent(deadlines: list[Deadline]) -> None:
    from npgov.notifications.models import ReminderLog

    dora = UserFactory()
    deadlines.append(_deadline(dora.pk, kind="no_such_kind"))
    assert send_reminders(DUE)["reminders"] == 0
    assert not ReminderLog.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("kind", ["dispatch_due", "submission_due", "finding_due", "milestone_due", "review_due",
                                  "order_due", "inspection_due"])  # fmt: skip
def test_every_deadline_kind_of_the_apps_is_a_notification_kind(kind: str) -> None:
    from npgov.notifications.choices import NotificationKind

    assert kind in NotificationKind.values
