"""Notifications from domain events: recipients, preferences, email, the sentence in the reader's language."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from npgov.core.signals import domain_event, emit
from npgov.notifications.models import Notification
from npgov.notifications.services import mark_read, notify
from tests.core.factories import UserFactory
from tests.notifications.factories import NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def test_the_receiver_is_connected_to_domain_events() -> None:
    assert any(entry[0][0] == "notifications.on_domain_event" for entry in domain_event.receivers)


@override_settings(NOTIFICATION_EMAIL=True)
def test_an_event_notifies_its_recipients_and_no_one_else(django_capture_on_commit_callbacks) -> None:
    eve, ed, other = UserFactory(email="eve@example.cn"), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        emit("submission_returned", key="surveys.submission:1", recipients=(eve.pk, ed.pk), title="2026年度调查",
             url="/surveys/submissions/1/", note="第3行数量单位有误")  # fmt: skip
    rows = Notification.objects.filter(key="surveys.submission:1")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([eve.pk, ed.pk])
    assert not Notification.objects.filter(recipient=other).exists()
    assert rows.first().note == "第3行数量单位有误"
    # only eve has an address: one email, to her, with the reviewers' comment
    assert [m.to for m in mail.outbox] == [["eve@example.cn"]]
    assert "第3行数量单位有误" in mail.outbox[0].body


def test_the_actor_is_not_told_about_their_own_action(django_capture_on_commit_callbacks) -> None:
    alice, dora = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        emit("review_assigned", key="risk.priorityreview:1", recipients=(alice.pk, dora.pk), title="清单", actor=alice)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [dora.pk]


def test_kinds_without_a_notification_and_inactive_users_are_ignored() -> None:
    active, gone = UserFactory(), UserFactory(is_active=False)
    assert notify(kind="kpi_recomputed", key="x", recipients=[active.pk], title="x") == []
    assert len(notify(kind="finding_opened", key="k", recipients=[active.pk, gone.pk], title="t")) == 1


@override_settings(NOTIFICATION_EMAIL=True)
def test_preferences_turn_off_the_centre_or_the_email_per_kind() -> None:
    quiet = UserFactory(email="quiet@example.cn")
    mail_only = UserFactory(email="mail@example.cn")
    NotificationPreferenceFactory(user=quiet, kind="finding_opened", in_app=False, email=False)
    NotificationPreferenceFactory(user=mail_only, kind="finding_opened", in_app=False, email=True)
    NotificationPreferenceFactory(user=quiet, kind="finding_closed", in_app=True, email=True)  # another kind
    written = notify(kind="finding_opened", key="compliance.finding:1", recipients=[quiet.pk, mail_only.pk], title="t")
    assert written == []
    assert [m.to for m in mail.outbox] == [["mail@example.cn"]]


@override_settings(NOTIFICATION_EMAIL=False)
def test_no_email_unless_the_deployment_configures_it() -> None:
    user = UserFactory(email="someone@example.cn")
    notify(kind="finding_opened", key="k", recipients=[user.pk], title="t")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user).count() == 1


def test_the_sentence_follows_the_readers_language() -> None:
    n = NotificationFactory(kind="submission_returned", title="2026年度调查")
    with translation.override("en"):
        assert n.message() == "Your survey submission “2026年度调查” was returned for correction."
    with translation.override("zh-hans"):  # made at display time from the active catalogue, not stored
        sentence = translation.gettext("Your survey submission “%(title)s” was returned for correction.")
        assert n.message() == sentence % {"title": "2026年度调查"}
    stored = Notification.objects.filter(pk=n.pk).values("title", "note").get()
    assert stored == {"title": "2026年度调查", "note": ""}


def test_reminder_sentences_name_the_due_date() -> None:
    n = NotificationFactory(kind="finding_due", title="甲企业", due=date(2026, 1, 10), stage="overdue")
    with translation.override("en"):
        assert n.message() == "Rectification due: “甲企业” was due on 2026-01-10 and is overdue."


def test_mark_read_touches_only_the_users_own() -> None:
    mine = NotificationFactory()
    other = NotificationFactory()
    assert mark_read(user=mine.recipient, ids=[mine.pk, other.pk]) == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    NotificationFactory(recipient=mine.recipient)
    NotificationFactory(recipient=mine.recipient)
    assert mark_read(user=mine.recipient) == 2
