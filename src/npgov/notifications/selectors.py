"""Reading notifications: always the signed-in user's own."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.models import User
from npgov.core.types import AnyUser
from npgov.notifications.choices import KIND_ROLES, NotificationKind
from npgov.notifications.models import Notification, NotificationPreference


def notifications_of(*, user: AnyUser, kind: str = "", unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first; filtered by kind and unread when asked."""
    if not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user)
    if kind and kind in NotificationKind.values:
        rows = rows.filter(kind=kind)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.order_by(unread_first, "-created_at", "-pk")


def unread_count(*, user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_rows(*, user: User) -> list[tuple[str, str, bool, bool]]:
    """(kind, label, in_app, email) for every kind, the stored choice or the default (both on)."""
    stored = {
        kind: (in_app, email)
        for kind, in_app, email in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "in_app", "email"
        )
    }
    received = set(Notification.objects.filter(recipient=user).values_list("kind", flat=True).distinct())
    return [
        (value, str(label), *stored.get(value, (True, True)))
        for value, label in NotificationKind.choices
        if value in received or value in stored or kind_concerns(user, value)
    ]


def kind_concerns(user: User, kind: str) -> bool:
    """Whether a kind of notification usually reaches users of this role (all kinds for all-access roles)."""
    if user.is_superuser or user.role in ALL_ACCESS_ROLES:
        return True
    return user.role in KIND_ROLES.get(kind, frozenset())
