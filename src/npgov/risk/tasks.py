"""Celery task of the risk app: an assessment run as a job with progress."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from npgov.core.models import Job
from npgov.risk.execution import run_execute, run_reproduces
from npgov.risk.models import AssessmentRun
from npgov.risk.results import ranked_count


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
        ranked = ranked_count(run)  # counted, not loaded: a run may hold 80,000 rows
        job.result = {"run": run.pk, "url": run.get_absolute_url(), "digest": run.digest, "substances": ranked}
        job.add_log(_("Risk assessment done (%(n)s result rows).") % {"n": ranked})


@shared_task(name="risk.run_reproduce")
def run_reproduce_task(*, job_id: int) -> None:
    """Compute a finished run again over today's data and say whether its digest is the same (a job: a run over
    10 million results takes a minute, which the page's request used to hold)."""
    job = Job.objects.get(pk=job_id)
    with job.running():
        run = AssessmentRun.objects.get(pk=job.params["run"])
        identical = run_reproduces(run, progress=lambda done, total: job.report(
            progress=round(95 * done / max(total, 1)),
            message=_("step %(done)s of %(total)s") % {"done": done, "total": total}))  # fmt: skip
        job.result = {"run": run.pk, "identical": identical, "url": f"{run.get_absolute_url()}?check={job.pk}"}
        job.add_log(_("Re-run on today's data: identical results.") if identical
                    else _("Re-run on today's data: the results differ (new data or PNECs since)."))  # fmt: skip
