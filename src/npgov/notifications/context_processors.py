"""The header bell's unread count: one cheap query per page (an index on recipient and read_at)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from npgov.core.context_processors import once_per_request
from npgov.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return once_per_request(request, "notifications", lambda: {"notifications_unread": unread_count(user=user)})
