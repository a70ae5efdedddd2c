"""Notifications (站内消息), each user's preferences by kind, and the log that keeps reminders from repeating.

A notification stores the kind, the object's title, its page and the deadline: the sentence shown to the reader
is made from the kind at display time (``Notification.message``), so it reads in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from npgov.core.models.base import RegistryModel
from npgov.core.permissions import Scope
from npgov.core.types import AnyUser
from npgov.notifications.choices import NotificationKind, Stage


class RecipientScope(Scope):
    """A notification is its recipient's alone: not even the bureau reads another user's messages."""

    def condition(self, user: AnyUser, action: str) -> Q | None:
        if not user.is_authenticated or action not in ("view", "change"):
            return None
        return Q(recipient=user.pk)


EVENT_SENTENCES: dict[str, Any] = {
    NotificationKind.DISPATCH_RECEIVED: gettext_lazy("You are asked to report progress: “%(title)s”."),
    NotificationKind.SUPERVISION_ORDER_ISSUED: gettext_lazy("A supervision order was issued to you: “%(title)s”."),
    NotificationKind.SUBMISSION_RETURNED: gettext_lazy(
        "Your survey submission “%(title)s” was returned for correction."
    ),
    NotificationKind.SUBMISSION_ACCEPTED: gettext_lazy("Your survey submission “%(title)s” was approved."),
    NotificationKind.FINDING_OPENED: gettext_lazy("A compliance finding was opened: “%(title)s”."),
    NotificationKind.FINDING_CLOSED: gettext_lazy("The compliance finding “%(title)s” was closed."),
    NotificationKind.REVIEW_ASSIGNED: gettext_lazy("You are asked to review “%(title)s”."),
    NotificationKind.PRIORITY_LIST_PUBLISHED: gettext_lazy("The priority list “%(title)s” was published."),
    NotificationKind.COMPLAINT_ROUTED: gettext_lazy("A complaint was routed to you: “%(title)s”."),
    NotificationKind.IMPORT_FINISHED: gettext_lazy("Your import “%(title)s” has finished."),
}


class Notification(RegistryModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("notification", "recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )  # fmt: skip
    kind = models.CharField(gettext_lazy("kind"), max_length=40, choices=NotificationKind.choices)
    key = models.CharField(gettext_lazy("object"), max_length=200)  # e.g. "surveys.submission:12"
    title = models.CharField(gettext_lazy("title"), max_length=300)  # the object's name, stored as given
    url = models.CharField(gettext_lazy("link"), max_length=500, blank=True)
    due = models.DateField(gettext_lazy("due"), null=True, blank=True)
    stage = models.CharField(gettext_lazy("stage"), max_length=20, choices=Stage.choices, default=Stage.EVENT)
    note = models.TextField(gettext_lazy("note"), blank=True)  # e.g. the reviewers' comment, as they wrote it
    read_at = models.DateTimeField(gettext_lazy("read"), null=True, blank=True)

    scope = RecipientScope()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = gettext_lazy("notification")
        verbose_name_plural = gettext_lazy("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self) -> str:
        return self.message()

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def message(self) -> str:
        """The sentence in the active language, made from the kind, the stage and the stored title."""
        kind = NotificationKind(self.kind).label if self.kind in NotificationKind.values else self.kind
        values = {"title": self.title, "kind": kind, "due": self.due.isoformat() if self.due else ""}
        if self.stage == Stage.DUE_IN_7 and self.due:
            return _("%(kind)s: “%(title)s” is due on %(due)s.") % values
        if self.stage == Stage.DUE_TOMORROW and self.due:
            sent_on = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
            if self.due <= sent_on:
                return _("%(kind)s: “%(title)s” is due today (%(due)s).") % values
            return _("%(kind)s: “%(title)s” is due tomorrow (%(due)s).") % values
        if self.stage == Stage.OVERDUE and self.due:
            return _("%(kind)s: “%(title)s” was due on %(due)s and is overdue.") % values
        sentence = EVENT_SENTENCES.get(self.kind)
        if sentence is not None:
            return str(sentence) % values
        return _("%(kind)s: “%(title)s”.") % values

    def overdue(self, today: date | None = None) -> bool:
        return self.due is not None and self.due < (today or timezone.localdate())


class NotificationPreference(RegistryModel):
    """Whether a user wants a kind of notification in the centre and by email (both on when no row exists)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("user"), on_delete=models.CASCADE,
        related_name="notification_preferences",
    )  # fmt: skip
    kind = models.CharField(gettext_lazy("kind"), max_length=40, choices=NotificationKind.choices)
    in_app = models.BooleanField(gettext_lazy("in the notification centre"), default=True)
    email = models.BooleanField(gettext_lazy("by email"), default=True)

    scope = Scope(owner="user")

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = gettext_lazy("notification preference")
        verbose_name_plural = gettext_lazy("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notif_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class ReminderLog(models.Model):
    """One row per reminder sent: the same deadline (kind, object, due date) reaches a user once per stage."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    due = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("reminder sent")
        verbose_name_plural = gettext_lazy("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key", "due", "stage"], name="notif_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.due} {self.stage} → {self.recipient_id}"
