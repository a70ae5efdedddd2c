"""Starting background jobs."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from npgov.core.db import side_connection
from npgov.core.models import Job
from npgov.core.types import AnyUser


def job_enqueue(
    *, task: Any, name: str, user: AnyUser | None, params: dict[str, Any] | None = None, target: Any = None
) -> Job:
    """Create a Job row and send its task once the surrounding transaction commits.

    With no broker configured the task runs in-process at that moment (eager mode); with one, a
    Celery worker picks it up. The task receives only the job's id (STYLE.md C9).
    """
    job = Job(name=name, task=task.name, user=user if user is not None and user.is_authenticated else None,
              params=params or {})  # fmt: skip
    if target is not None:
        job.set_target(target)
    job.save()
    transaction.on_commit(lambda: task.delay(job_id=job.pk))
    return job


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
