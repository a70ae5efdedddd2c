"""Receivers of ``core.signals.domain_event``: each event becomes notifications for its recipients."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from npgov.notifications.choices import ONCE_KINDS, NotificationKind
from npgov.notifications.models import Notification
from npgov.notifications.services import notify

logger = logging.getLogger(__name__)


def on_domain_event(
    sender: Any, *, kind: str, key: str, recipients: tuple[int, ...] = (), title: str = "", url: str = "",
    due: date | None = None, note: str = "", actor: Any = None, **kwargs: Any,
) -> None:  # fmt: skip
    """Notify the recipients (not the user who caused the event); events of other kinds are ignored."""
    if kind not in NotificationKind.values or not recipients:
        return
    actor_id = getattr(actor, "pk", None)
    ids = [user_id for user_id in recipients if user_id != actor_id]
    if kind in ONCE_KINDS:
        told = set(Notification.objects.filter(kind=kind, key=key[:200]).values_list("recipient_id", flat=True))
        ids = [user_id for user_id in ids if user_id not in told]
    try:
        notify(kind=kind, key=key, recipients=ids, title=title, url=url, due=due, note=note)
    except Exception:  # the event's own transaction has committed: a notification failure must not undo the page
        logger.exception("notifying %s about %s failed", kind, key)


def connect() -> None:
    from npgov.core.signals import domain_event

    domain_event.connect(on_domain_event, dispatch_uid="notifications.on_domain_event")
