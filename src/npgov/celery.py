"""The Celery application.

With ``CELERY_BROKER_URL`` unset, tasks run in-process (eager) so that ``make run`` needs no
broker; production sets the variable and runs ``celery -A npgov worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")

app = Celery("npgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
