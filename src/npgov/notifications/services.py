"""Writing notifications: from domain events, from deadline reminders; marking read; preferences; the ticks."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from npgov.core.models import User
from npgov.core.registry import Deadline, registry
from npgov.notifications.choices import NotificationKind, Stage
from npgov.notifications.models import Notification, NotificationPreference, ReminderLog

logger = logging.getLogger(__name__)

HORIZON_DAYS = 7  # reminders start a week before the deadline


def preferences_of(*, user_ids: Iterable[int], kind: str) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user for one kind; users without a stored preference get both."""
    stored = dict(
        (user_id, (in_app, email))
        for user_id, in_app, email in NotificationPreference.objects.filter(
            user_id__in=list(user_ids), kind=kind
        ).values_list("user_id", "in_app", "email")
    )
    return {user_id: stored.get(user_id, (True, True)) for user_id in user_ids}


def preferences_save(*, user: User, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's (in_app, email) choice per kind; unknown kinds are ignored."""
    with transaction.atomic():
        for kind, (in_app, email) in choices.items():
            if kind not in NotificationKind.values:
                continue
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(email)}
            )


def email_enabled() -> bool:
    return bool(getattr(settings, "NOTIFICATION_EMAIL", False))


def _email_text(notification: Notification) -> tuple[str, str]:
    """Subject and body, in the platform's language (the reader's language is not known outside a request)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = notification.message()
        lines = [subject]
        if notification.note:
            lines += ["", notification.note]
        site = getattr(settings, "SITE_URL", "")
        if notification.url and site:
            lines += ["", site + notification.url]
        lines += ["", _("You receive this message from the New Pollutant Governance Platform; "
                        "choose which messages you receive under Notification preferences.")]  # fmt: skip
    return subject[:200], "\n".join(lines)


def _send_emails(pairs: list[tuple[User, Notification]]) -> int:
    """Send one email per (user, notification); a failure is logged, never raised (the event has happened)."""
    if not pairs or not email_enabled():
        return 0
    messages = []
    for user, notification in pairs:
        subject, body = _email_text(notification)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # an unreachable mail server must not lose the notifications
        logger.exception("notification email failed (%s messages)", len(messages))
        return 0


def notify(
    *, kind: str, key: str, recipients: Iterable[int], title: str, url: str = "", due: date | None = None,
    note: str = "", stage: str = Stage.EVENT, email: bool = True,
) -> list[Notification]:  # fmt: skip
    """Tell ``recipients`` (active users only) about something, honouring each one's preference for the kind.

    Returns the notifications written (those who only want email get none, but get the email).
    """
    ids = sorted(set(recipients))
    if kind not in NotificationKind.values or not ids:
        return []
    users = list(User.objects.filter(pk__in=ids, is_active=True).only("pk", "email"))
    prefs = preferences_of(user_ids=[u.pk for u in users], kind=kind)
    fields = {"kind": kind, "key": key[:200], "title": title[:300], "url": url[:500], "due": due, "stage": stage,
              "note": note}  # fmt: skip
    created = Notification.objects.bulk_create(
        [Notification(recipient_id=u.pk, **fields) for u in users if prefs[u.pk][0]]
    )
    if email:
        template = Notification(**fields)
        template.created_at = timezone.now()
        _send_emails([(u, template) for u in users if prefs[u.pk][1] and u.email])
    return created


# --- deadline reminders ----------------------------------------------------------------------------
def reminder_stage(due: date, today: date) -> str | None:
    """The stage a deadline is at today: within a week, tomorrow (or today), overdue; None before that."""
    if today > due:
        return Stage.OVERDUE
    if today >= due - timedelta(days=1):
        return Stage.DUE_TOMORROW
    if today >= due - timedelta(days=HORIZON_DAYS):
        return Stage.DUE_IN_7
    return None


def _scan(today: date) -> tuple[list[Deadline], int]:
    deadlines: list[Deadline] = []
    failed = 0
    horizon = today + timedelta(days=HORIZON_DAYS)
    for source in registry.deadline_sources:
        try:
            deadlines.extend(source.scan(today, horizon))
        except Exception:  # one broken source must not stop the others' reminders
            logger.exception("deadline source %s failed", source.key)
            failed += 1
    return deadlines, failed


def send_reminders(today: date | None = None, *, email: bool = True) -> dict[str, int]:
    """Remind the users of every registered deadline due within a week (or overdue), once per stage.

    Idempotent: the ReminderLog's unique (recipient, kind, key, due, stage) keeps a second run from repeating.
    """
    today = today or timezone.localdate()
    deadlines, failed = _scan(today)
    wanted: dict[tuple[int, str, str, date, str], Deadline] = {}
    unknown = 0
    for deadline in deadlines:
        stage = reminder_stage(deadline.due, today)
        if stage is None:
            continue
        if deadline.kind not in NotificationKind.values:  # a source's mistake: logged, and not marked sent
            unknown += 1
            continue
        for user_id in deadline.recipients:
            wanted[(user_id, deadline.kind, deadline.key[:200], deadline.due, stage)] = deadline
    if unknown:
        logger.warning("%s deadlines of kinds without a notification kind were skipped", unknown)
    counts: Counter[str] = Counter(deadlines=len(deadlines), failed_sources=failed, reminders=0, notifications=0)
    if not wanted:
        return dict(counts)
    keys = sorted({k[2] for k in wanted})
    sent: set[tuple[int, str, str, date, str]] = set()
    for start in range(0, len(keys), 500):
        sent.update(
            ReminderLog.objects.filter(key__in=keys[start : start + 500]).values_list(
                "recipient_id", "kind", "key", "due", "stage"
            )
        )
    new = [k for k in wanted if k not in sent]
    if not new:
        return dict(counts)
    active = set(User.objects.filter(pk__in={k[0] for k in new}, is_active=True).values_list("pk", flat=True))
    new = [k for k in new if k[0] in active]
    by_event: dict[tuple[str, str, date, str], list[int]] = defaultdict(list)
    with transaction.atomic():
        ReminderLog.objects.bulk_create(
            [ReminderLog(recipient_id=u, kind=kind, key=key, due=due, stage=stage) for u, kind, key, due, stage in new],
            ignore_conflicts=True,
        )
        for user_id, kind, key, due, stage in new:
            by_event[(kind, key, due, stage)].append(user_id)
        for (kind, key, due, stage), user_ids in by_event.items():
            deadline = wanted[(user_ids[0], kind, key, due, stage)]
            written = notify(kind=kind, key=key, recipients=user_ids, title=deadline.title, url=deadline.url,
                             due=due, stage=stage, email=email)  # fmt: skip
            counts["notifications"] += len(written)
    counts["reminders"] = len(new)
    return dict(counts)


# --- reading --------------------------------------------------------------------------------------
def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: those with ``ids``, or all when ``ids`` is None. Returns how many."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now(), updated_at=timezone.now())


# --- the scheduled job -----------------------------------------------------------------------------
def run_ticks(today: date | None = None) -> dict[str, Any]:
    """Run every registered tick once (reminders, KPI recomputation…); a failing tick is logged and reported."""
    today = today or timezone.localdate()
    results: dict[str, Any] = {}
    for tick in registry.ticks_in_order():
        try:
            results[tick.key] = tick.run(today)
        except Exception as exc:
            logger.exception("tick %s failed", tick.key)
            results[tick.key] = {"error": f"{type(exc).__name__}: {exc}"}
    return {"today": today.isoformat(), "ticks": results}
