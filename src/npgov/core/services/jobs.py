"""Starting background jobs."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from npgov.core.models import Job


def job_enqueue(*, task: Any, name: str, user: Any, params: dict[str, Any] | None = None, target: Any = None) -> Job:
    """Create a Job row and send its task once the surrounding transaction commits.

    With no broker configured the task runs in-process at that moment (eager mode); with one, a
    Celery worker picks it up. The task receives only the job's id (STYLE.md C9).
    """
    job = Job(name=name, task=task.name, user=user if getattr(user, "is_authenticated", False) else None,
              params=params or {})  # fmt: skip
    if target is not None:
        job.set_target(target)
    job.save()
    transaction.on_commit(lambda: task.delay(job_id=job.pk))
    return job
