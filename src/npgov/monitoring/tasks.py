"""Celery tasks of the monitoring app: thin wrappers that load a Job and call the importer."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.utils.translation import gettext as _

from npgov.core.importers import job_progress
from npgov.core.models import Job
from npgov.core.models.jobs import JobFailed
from npgov.monitoring.importers import import_results
from npgov.monitoring.reading import ImportFileError


@shared_task(name="monitoring.import_results")
def import_results_task(*, job_id: int) -> None:
    """Import (or check) an uploaded results file kept under MEDIA_ROOT/imports, with progress by rows."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with job.running():
        path = Path(job.params["path"])
        commit = bool(job.params.get("commit", True))

        try:
            report = import_results(
                path=path, filename=job.params["filename"], user=job.user, mapping=job.params.get("mapping"),
                commit=commit, progress=job_progress(job),
            )  # fmt: skip
        except ImportFileError as exc:
            raise JobFailed(str(exc)) from exc
        finally:
            if commit:
                path.unlink(missing_ok=True)  # kept after a check, so that the same upload can then be imported
        job.result = report.as_dict()
        if not report.ok:
            raise JobFailed(_("Nothing was imported: %(n)s errors.") % {"n": report.error_count})
        if report.committed:
            job.add_log(_("Imported %(n)s results.") % {"n": report.results})
        else:
            job.add_log(_("Checked: %(n)s results, no errors.") % {"n": report.results})


@shared_task(name="monitoring.refresh_series")
def refresh_series_task(*, job_id: int) -> None:
    """Compute the series statistics a big import or withdrawal left pending (``summaries.refresh_pending_series``)."""
    from npgov.monitoring.summaries import refresh_pending_series

    job = Job.objects.get(pk=job_id)
    with job.running():

        def progress(done: int, total: int) -> None:
            message = _("%(done)s of %(total)s series") % {"done": f"{done:,}", "total": f"{total:,}"}
            job.report(progress=round(100 * done / max(total, 1)), message=message)

        written = refresh_pending_series(progress)
        job.add_log(_("Statistics of %(n)s series computed.") % {"n": written})
