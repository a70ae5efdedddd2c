"""The risk app's writes for other modules and its pages: reference PNECs, starting and executing runs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from npgov.core.models import Job, User
from npgov.core.services.jobs import job_enqueue
from npgov.risk.execution import run_compute, run_execute, run_reproduces
from npgov.risk.models import AssessmentRun
from npgov.risk.pnecs import lowest_pnecs, pnecs_load
from npgov.risk.tasks import assessment_run_task

__all__ = ["lowest_pnecs", "pnecs_load", "run_compute", "run_execute", "run_reproduces", "run_start"]


def run_start(*, run: AssessmentRun, user: User) -> Job:
    """Save a new run (from the page's or the API's validated form) and queue its computation; returns the job."""
    run.created_by = user
    run.save()
    return job_enqueue(task=assessment_run_task, user=user, name=_("Risk assessment: %(title)s") % {"title": run.title},
                       params={"run": run.pk})  # fmt: skip
