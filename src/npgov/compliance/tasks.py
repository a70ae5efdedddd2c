"""Celery task of the compliance app: the check as a job with progress."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from npgov.compliance.services import compliance_run
from npgov.core.models import Job
from npgov.core.services.jobs import job_report_outside_transaction


@shared_task(name="compliance.run")
def compliance_run_task(*, job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    with job.running():

        def progress(done: int, total: int) -> None:
            message = _("%(done)s of %(total)s enterprises checked") % {"done": done, "total": total}
            job_report_outside_transaction(job, progress=round(95 * done / max(total, 1)), message=message)

        counts = compliance_run(progress=progress, full=bool((job.params or {}).get("full")))
        job.result = counts.as_dict()
        job.add_log(_("opened=%(opened)s unchanged=%(unchanged)s resolved=%(resolved)s") % counts.as_dict())
        job.add_log(
            _("%(checked)s enterprises checked, %(skipped)s unchanged since their last check") % counts.as_dict()
        )


@shared_task(name="compliance.list_change_notify")
def list_change_notify_task(*, job_id: int) -> None:
    """A list's new revision: its impact against the revision before, and the affected told (once each)."""
    from npgov.compliance.impact import list_change_impact, list_change_notify
    from npgov.regulations.services.diff import list_diff

    job = Job.objects.get(pk=job_id)
    with job.running():
        params = job.params or {}
        impact = list_change_impact(list_diff(code=params["code"], to_revision=int(params["revision"])))
        covered = list_change_notify(impact)
        job.result = {"enterprises": covered, "findings": impact.findings}
        job.add_log(_("%(n)s affected enterprises told") % {"n": covered})
