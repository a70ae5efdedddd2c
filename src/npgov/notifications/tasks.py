"""Celery task of the scheduled job; Celery beat runs it (CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from npgov.notifications.services import run_ticks


@shared_task(name="notifications.run_ticks")
def run_ticks_task() -> dict[str, Any]:
    """Reminders of deadlines, KPI recomputation and every other registered tick, once."""
    return run_ticks()
