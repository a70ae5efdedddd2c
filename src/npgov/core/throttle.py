"""Per-user limits on expensive uploads (issue #16, defect 4).

An upload that starts heavy work (a bulk import, a batch classification) is allowed at most
``per_hour`` times an hour per user and key, and not while the user already has ``concurrent_jobs``
jobs of that key pending or running. Counters live in the cache (shared by the processes when the
cache is Redis); running jobs are counted from the :class:`~npgov.core.models.Job` rows, so a limit
holds across processes and workers.

Usage::

    try:
        check_upload_allowance(request.user, "core.import", per_hour=30, concurrent_jobs=1)
    except UploadNotAllowed as exc:
        ...  # show str(exc) (localised) with status 429
    job_enqueue(..., params={**throttle_params("core.import"), ...})
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import JobStatus
from npgov.core.models import Job

# A job pending or running for longer than this is not counted (a worker killed mid-job must not
# block its user for ever; the job page shows it as stuck).
STALE_JOB_AFTER = timedelta(hours=6)
HOUR = 3600


class UploadNotAllowed(Exception):
    """The user has reached a limit; ``str(exc)`` is the localised message, ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def throttle_params(key: str) -> dict[str, str]:
    """Params to merge into a job's ``params`` so that :func:`running_jobs` counts it under ``key``."""
    return {"throttle_key": key}


def running_jobs(user: Any, key: str) -> int:
    """The user's jobs of ``key`` (``params["throttle_key"]`` or the task name) still pending or running."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    since = timezone.now() - STALE_JOB_AFTER
    return (
        Job.objects.filter(user=user, status__in=(JobStatus.PENDING, JobStatus.RUNNING), created_at__gte=since)
        .filter(Q(params__throttle_key=key) | Q(task=key))
        .count()
    )


def _counter_key(user: Any, key: str, bucket: int) -> str:
    return f"npgov:upload-allowance:{key}:{getattr(user, 'pk', None) or 'anon'}:{bucket}"


def check_upload_allowance(user: Any, key: str, *, per_hour: int = 30, concurrent_jobs: int = 1) -> None:
    """Count one upload of ``key`` for ``user``, or raise :class:`UploadNotAllowed` when over a limit.

    ``per_hour``: uploads in the current clock hour (0: no hourly limit); ``concurrent_jobs``: jobs of
    this key that may be pending or running at once (0: no limit). A refused upload is not counted.
    """
    if concurrent_jobs and running_jobs(user, key) >= concurrent_jobs:
        raise UploadNotAllowed(
            _("You already have %(n)s such jobs waiting or running; wait until one has finished before uploading "
              "another file.")
            % {"n": concurrent_jobs},
            retry_after=60,
        )
    if not per_hour:
        return
    now = int(time.time())
    bucket = now // HOUR
    counter = _counter_key(user, key, bucket)
    cache.add(counter, 0, timeout=HOUR + 60)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, timeout=HOUR + 60)
        count = 1
    if count > per_hour:
        cache.decr(counter)
        raise UploadNotAllowed(
            _("You have reached the limit of %(n)s such uploads per hour; try again in %(minutes)s minutes.")
            % {"n": per_hour, "minutes": max(1, (HOUR - now % HOUR + 59) // 60)},
            retry_after=HOUR - now % HOUR,
        )
