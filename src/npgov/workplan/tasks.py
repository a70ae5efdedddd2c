"""Celery task of the work plan: recomputing the computed KPIs as a job with progress."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.models import Job
from npgov.workplan.models import Plan
from npgov.workplan.services.kpis import current_period_end, kpis_compute


@shared_task(name="workplan.kpis_compute")
def kpis_compute_task(*, job_id: int) -> None:
    """Recompute the plan's computed KPIs for the current month, as of today, reporting progress per KPI."""
    job = Job.objects.get(pk=job_id)
    with job.running():
        plan = Plan.objects.get(pk=job.params["plan"])
        today = timezone.localdate()

        def progress(done: int, total: int) -> None:
            job.report(
                progress=round(100 * done / max(total, 1)),
                message=_("KPI %(done)s of %(total)s") % {"done": done, "total": total},
            )

        counts = kpis_compute(period_end=current_period_end(today), plan=plan, as_of=today, progress=progress)
        job.result = {**counts, "url": job.params.get("url", plan.get_absolute_url())}
        job.add_log(_("Recomputed %(n)s values.") % {"n": counts["computed"]})
