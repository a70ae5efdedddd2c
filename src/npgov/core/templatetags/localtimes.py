"""``local_time``: a stored moment (an aware datetime, or its ISO text in a JSON log) in the configured time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def local_time(value: Any, fmt: str = "Y-m-d H:i:s") -> str:
    """``2026-12-02T09:30:00+00:00`` → ``2026-12-02 17:30:00`` under Asia/Shanghai; unreadable text as is."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return "" if value is None else str(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return date_format(timezone.localtime(value), fmt)
