"""Celery tasks of the regulations app."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext as _

from npgov.core.models import Job
from npgov.core.models.jobs import JobFailed
from npgov.regulations.services.screening import ScreeningFileError, screening_run


@shared_task(name="regulations.screening")
def screening_task(*, job_id: int) -> None:
    """Screen an uploaded inventory file; the report goes into the job's result."""
    job = Job.objects.get(pk=job_id)
    with job.running():
        path = Path(job.params["path"])
        try:
            job.result = screening_run(
                data=path.read_bytes(),
                filename=job.params["filename"],
                progress=lambda done, total: job.report(
                    progress=round(99 * done / total),
                    message=_("%(done)s of %(total)s") % {"done": done, "total": total},
                ),
            )
        except ScreeningFileError as exc:
            raise JobFailed(str(exc)) from exc
        finally:
            path.unlink(missing_ok=True)  # the report holds what matters; the upload is not kept
        job.result["url"] = reverse("regulations:screening_report", args=[job.pk])  # the job page links the report
        job.add_log(_("Screened %(rows)s rows: %(listed)s on a list.") % job.result)
