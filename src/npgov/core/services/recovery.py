"""Recovering jobs whose worker died: mark them failed with a plain message, and run them again.

A Celery worker killed in the middle of a job (out of memory, a host restart, ``kill -9``) leaves its job
RUNNING for ever; the job's own writes are safe (an import writes in one transaction after validation, which
the database rolls back when the connection drops), but the job page would spin without end. Three sweeps
end such jobs:

- ``worker_ready``: a worker that starts marks failed the jobs that a worker of the same node name was
  running (node names are unique while a worker runs, so that earlier process is dead);
- ``task_failure``: the pool's child process died (``WorkerLostError``) while the main process lives;
- ``jobs_fail_stale()`` from the scheduled job (``npgov tick``): jobs RUNNING with no progress for
  ``JOB_STALE_MINUTES`` (default 360), and jobs of a worker on this host whose process is gone.

A failed import whose upload was kept (a killed worker never reached the line that deletes it) can be run
again: ``job_restart()`` starts a new job with the same parameters (docs/operations.md, "Faults").
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import JobStatus
from npgov.core.models import Job

IMPORT_TASK = "core.import_file"


def stale_message() -> str:
    return _("The worker running this job stopped before it finished. Nothing of it was saved; run it again.")


def _fail(job: Job, message: str) -> bool:
    """Mark ``job`` failed unless it finished meanwhile (a conditional update: never overwrites an end)."""
    now = timezone.now()
    log = [*job.log, {"at": timezone.localtime(now).isoformat(timespec="seconds"), "level": "error",
                      "message": message}]  # fmt: skip
    updated = Job.objects.filter(pk=job.pk, status__in=(JobStatus.PENDING, JobStatus.RUNNING)).update(
        status=JobStatus.FAILED, message=message[:300], log=log, finished_at=now, updated_at=now
    )
    return bool(updated)


def job_claim(job_id: int, *, worker: str, pid: int) -> None:
    """Record which worker process runs a job (``task_prerun``), so that its death can be recognised."""
    job = Job.objects.filter(pk=job_id).only("params").first()
    if job is None:
        return
    params = {**job.params, "worker": worker, "worker_pid": pid, "worker_host": socket.gethostname()}
    Job.objects.filter(pk=job_id).update(params=params)


def jobs_fail_of_worker(worker: str) -> int:
    """A worker named ``worker`` has just started: the jobs an earlier process of that name ran are dead."""
    jobs = Job.objects.filter(status__in=(JobStatus.PENDING, JobStatus.RUNNING), params__worker=worker)
    return sum(_fail(job, stale_message()) for job in jobs)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_fail_stale(*, now: Any = None) -> int:
    """Fail RUNNING jobs with no sign of life: too long without progress, or their worker process is gone."""
    now = now or timezone.now()
    minutes = int(getattr(settings, "JOB_STALE_MINUTES", 360))
    host = socket.gethostname()
    failed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        pid = job.params.get("worker_pid")
        dead = job.params.get("worker_host") == host and isinstance(pid, int) and not _pid_alive(pid)
        if dead or job.updated_at < now - timedelta(minutes=minutes):
            failed += _fail(job, stale_message())
    return failed


def job_can_restart(job: Job) -> bool:
    """A failed job that was not run again yet; an import also needs its upload to be still there."""
    if job.status != JobStatus.FAILED or job.params.get("restarted_as"):
        return False
    if job.task == IMPORT_TASK:
        path = job.params.get("path")
        return bool(path) and Path(path).is_file()
    return job.task == "core.system_check"


def job_restart(job: Job, *, user: Any = None) -> Job:
    """Start a new job with the parameters of the failed ``job`` (the old one keeps its log)."""
    from npgov.celery import app
    from npgov.core.services.jobs import job_enqueue

    if not job_can_restart(job):
        raise ValueError(_("This job cannot be run again."))
    params = {k: v for k, v in job.params.items() if not k.startswith("worker")}
    params["restart_of"] = job.pk
    new = job_enqueue(task=app.tasks[job.task], name=job.name, user=user or job.user, params=params,
                      target=job.target)  # fmt: skip
    Job.objects.filter(pk=job.pk).update(params={**job.params, "restarted_as": new.pk})
    return new


# --- Celery signals (connected when this module is imported: by npgov.core.tasks in a worker) ---------------


def _on_worker_ready(sender: Any = None, **_: Any) -> None:
    hostname = getattr(sender, "hostname", None)
    if not hostname:
        return
    close_old_connections()
    try:
        jobs_fail_of_worker(hostname)
    finally:
        close_old_connections()


def _on_task_prerun(sender: Any = None, kwargs: dict[str, Any] | None = None, **_: Any) -> None:
    job_id = (kwargs or {}).get("job_id")
    request = getattr(sender, "request", None)
    if job_id is None or request is None or getattr(request, "is_eager", False):
        return
    job_claim(int(job_id), worker=str(request.hostname), pid=os.getpid())


def _on_task_failure(sender: Any = None, kwargs: dict[str, Any] | None = None, exception: Any = None, **_: Any) -> None:
    """The task died outside ``Job.running()`` (the pool's process was killed): end its job."""
    job_id = (kwargs or {}).get("job_id")
    if job_id is None:
        return
    job = Job.objects.filter(pk=job_id).first()
    if job is not None:
        _fail(job, stale_message())


def connect() -> None:
    from celery import signals

    signals.worker_ready.connect(_on_worker_ready, dispatch_uid="npgov.recovery.worker_ready")
    signals.task_prerun.connect(_on_task_prerun, dispatch_uid="npgov.recovery.task_prerun")
    signals.task_failure.connect(_on_task_failure, dispatch_uid="npgov.recovery.task_failure")


connect()
