"""Demo: run the scheduled job once, so that every demo user finds the reminders due this week waiting."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from npgov.notifications.services import run_ticks


def run_ticks_once() -> Any:
    result = run_ticks(timezone.localdate())
    return {key: value for key, value in result["ticks"].items()}
