"""The Celery application.

With ``CELERY_BROKER_URL`` unset, tasks run in-process (eager) so that ``make run`` needs no
broker; production sets the variable and runs Celery workers, plus exactly one
``celery -A npgov.celery beat`` for the scheduled job (``notifications.run_ticks``: deadline reminders, KPI
recomputation; CELERY_BEAT_SCHEDULE in settings). Each kind of work has its own queue (imports, runs, ticks,
exports, default: CELERY_TASK_ROUTES in settings) so that none waits behind another; production runs a worker
per queue, ``celery -A npgov.celery worker -Q imports -n imports1@%h`` and so on (docs/operations.md,
"Queues and workers"); a worker started without ``-Q`` serves every queue.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")

app = Celery("npgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
