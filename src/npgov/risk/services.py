"""The risk app's writes for other modules and its pages: reference PNECs, starting and executing runs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from npgov.core.models import Job, User
from npgov.core.services.jobs import job_enqueue
from npgov.risk.execution import run_compute, run_execute, run_reproduces
from npgov.risk.models import AssessmentRun
from npgov.risk.pnecs import lowest_pnecs, pnecs_load
from npgov.risk.tasks import assessment_run_task, run_reproduce_task

__all__ = ["lowest_pnecs", "pnecs_load", "run_check_start", "run_checked", "run_compute", "run_execute",
           "run_reproduces", "run_start"]


def run_start(*, run: AssessmentRun, user: User) -> Job:
    """Save a new run (from the page's or the API's validated form) and queue its computation; returns the job."""
    run.created_by = user
    run.save()
    return job_enqueue(task=assessment_run_task, user=user, name=_("Risk assessment: %(title)s") % {"title": run.title},
                       params={"run": run.pk})  # fmt: skip


def run_check_start(*, run: AssessmentRun, user: User) -> Job:
    """Queue the re-computation of a finished run over today's data (its page shows the outcome); returns the job."""
    return job_enqueue(task=run_reproduce_task, user=user, params={"run": run.pk}, target=run,
                       name=_("Re-run and compare: %(title)s") % {"title": run.title})  # fmt: skip


def run_checked(*, run: AssessmentRun, job_id: int) -> bool | None:
    """The outcome of a finished re-run job of this run (identical or not), None while there is none."""
    job = Job.objects.filter(pk=job_id, task=run_reproduce_task.name, params__run=run.pk).first()
    return None if job is None or "identical" not in job.result else bool(job.result["identical"])
