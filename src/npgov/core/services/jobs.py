"""Starting background jobs."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction

from npgov.core.db import side_connection
from npgov.core.models import Job
from npgov.core.types import AnyUser


def job_enqueue(
    *, task: Any, name: str, user: AnyUser | None, params: dict[str, Any] | None = None, target: Any = None
) -> Job:
    """Create a Job row and send its task once the surrounding transaction commits.

    With a broker, a Celery worker picks it up. With none (the embedded default) it runs in a
    background thread of the server process (``JOBS_IN_THREAD``, on unless the tests turn it off), so
    the request that started it answers at once and the job page shows its progress (issue #16).
    The task receives only the job's id (STYLE.md C9).
    """
    job = Job(name=name, task=task.name, user=user if user is not None and user.is_authenticated else None,
              params=params or {})  # fmt: skip
    if target is not None:
        job.set_target(target)
    job.save()
    transaction.on_commit(lambda: _send(task, job.pk))
    return job


def _send(task: Any, job_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "JOBS_IN_THREAD", False):
        thread = threading.Thread(target=_run_in_thread, args=(task, job_id), name=f"npgov-job-{job_id}")
        # not a daemon: a command that starts a job (or a server shutting down) waits for it to finish
        thread.start()
        _THREADS.append(thread)
        return
    task.delay(job_id=job_id)


_THREADS: list[threading.Thread] = []


def _run_in_thread(task: Any, job_id: int) -> None:
    """One job on its own database connection, closed at the end (the thread's connections are its own)."""
    close_old_connections()
    try:
        task.apply(kwargs={"job_id": job_id})
    finally:
        connections.close_all()


def wait_for_background_jobs(timeout: float = 60.0) -> None:
    """Wait for the jobs started in threads of this process (tests, the ``demo`` command, shutdown)."""
    while _THREADS:
        _THREADS.pop().join(timeout)


def job_report_outside_transaction(job: Job, *, progress: int, message: str = "") -> None:
    """Record progress that a polling page can see although the job's own work is one open transaction.

    An import writes everything in one transaction (all or nothing), so saving the job row through the
    same connection would stay invisible until the end. PostgreSQL: a short second connection updates
    the row. SQLite allows one writer at a time and runs jobs in-process, so progress is kept on the
    object only and saved with the job's end.
    """
    job.progress = max(0, min(100, int(progress)))
    job.message = message[:300]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        job.save(update_fields=["progress", "message", "updated_at"])
        return
    with side_connection() as side:
        side.execute(
            "UPDATE core_job SET progress = %s, message = %s, updated_at = now() WHERE id = %s",
            [job.progress, job.message, job.pk],
        )
