"""The Celery application.

With ``CELERY_BROKER_URL`` unset, tasks run in-process (eager) so that ``make run`` needs no
broker; production sets the variable and runs ``celery -A npgov.celery worker``, plus exactly one
``celery -A npgov.celery beat`` for the scheduled job (``notifications.run_ticks``: deadline reminders, KPI
recomputation; CELERY_BEAT_SCHEDULE in settings, docs/operations.md).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")

app = Celery("npgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
