"""Celery task of product sampling: a lab's result file checked and written as a job with progress (issue 17).

A file of more than :data:`~npgov.enforcement.products.importers.ASYNC_ROWS` rows is not written inside the
request: every result is written with its history and each sample touched is judged again, which takes seconds
for a few hundred rows.
"""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext as _

from npgov.core.choices import JobStatus
from npgov.core.models import Job
from npgov.core.models.jobs import JobFailed
from npgov.core.services.jobs import job_report_outside_transaction
from npgov.enforcement.products.importers import product_results_import


@shared_task(name="enforcement.product_results_import")
def product_results_import_task(*, job_id: int) -> None:
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return  # a message redelivered (acks_late) after the job was ended or run again does nothing
    with job.running():
        path = Path(job.params["path"])

        def progress(done: int, total: int) -> None:
            job_report_outside_transaction(job, progress=round(99 * done / max(total, 1)),
                                           message=_("row %(done)s of %(total)s") % {"done": done, "total": total})

        try:
            report = product_results_import(data=path.read_bytes(), filename=job.params["filename"], user=job.user,
                                            progress=progress)  # fmt: skip
        finally:
            path.unlink(missing_ok=True)  # the upload is not kept; a refused file is fixed and uploaded again
        job.result = report.as_dict()
        if not report.ok:
            raise JobFailed(_("Nothing was imported: %(n)s errors.") % {"n": report.error_count})
        if report.batch is not None:
            job.result["url"] = reverse("enforcement:product_result_list") + f"?batch={report.batch.pk}"
        job.add_log(_("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
                    % {"rows": report.rows, "created": report.created, "updated": report.updated})  # fmt: skip
