"""Celery task of the risk app: an assessment run as a job with progress."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from npgov.core.models import Job
from npgov.risk.execution import run_execute
from npgov.risk.models import AssessmentRun


@shared_task(name="risk.assessment_run")
def assessment_run_task(*, job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    with job.running():
        run = AssessmentRun.objects.get(pk=job.params["run"])
        try:
            run_execute(run, progress=lambda done, total: job.report(progress=round(95 * done / max(total, 1)),
                                                                     message=_("step %(done)s of %(total)s")
                                                                     % {"done": done, "total": total}))  # fmt: skip
        except Exception:
            AssessmentRun.objects.filter(pk=run.pk).update(status=AssessmentRun.Status.FAILED)
            raise
        ranked = len(run.results.get("substances") or run.results.get("rows") or [])
        job.result = {"run": run.pk, "url": run.get_absolute_url(), "digest": run.digest, "substances": ranked}
        job.add_log(_("Risk assessment done (%(n)s result rows).") % {"n": ranked})
