"""Celery tasks of the core app: thin wrappers that load a Job by id and call a service."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.apps import apps
from django.utils.translation import gettext as _

from npgov.core.choices import JobStatus
from npgov.core.importers import IMPORT_SPECS, import_run, job_progress
from npgov.core.models import Job
from npgov.core.models.jobs import JobFailed
from npgov.core.services import recovery  # noqa: F401 - connects the worker signals that fail jobs of a dead worker
from npgov.core.signals import emit


@shared_task(name="core.system_check")
def system_check_task(*, job_id: int) -> None:
    """Count the rows of every model: proves a worker reaches the database, and shows progress."""
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return  # a message redelivered (acks_late) after the job was ended or run again does nothing
    with job.running():
        models = [m for m in apps.get_models() if not m._meta.proxy]
        counts = {}
        for index, model in enumerate(models, start=1):
            counts[model._meta.label] = model._default_manager.count()
            job.report(progress=round(100 * index / len(models)), message=model._meta.label)
        job.result = {"models": len(models), "rows": sum(counts.values()), "counts": counts}
        job.add_log(_("Counted %(n)s tables.") % {"n": len(models)})


@shared_task(name="core.import_file")
def import_file_task(*, job_id: int) -> None:
    """Import an uploaded file kept under MEDIA_ROOT/imports, reporting progress by rows validated."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return  # a message redelivered (acks_late) after the job was ended or run again does nothing
    with job.running():
        spec = IMPORT_SPECS[job.params["spec"]]
        path = Path(job.params["path"])
        try:
            result = import_run(
                spec=spec, data=path.read_bytes(), filename=job.params["filename"], user=job.user,
                progress=job_progress(job), estimated=int(job.params.get("rows", 0)),
            )  # fmt: skip
        finally:
            path.unlink(missing_ok=True)  # the upload is not kept; a failed import is fixed and uploaded again
        job.result = result.as_dict(changes=True)
        job.result["changes"] = job.result["changes"][:200]  # the first rows' changes; the counts say the rest
        if result.ok:
            job.add_log(_("Imported %(rows)s rows.") % {"rows": result.rows})
        else:
            raise JobFailed(_("Nothing was imported: %(n)s errors.") % {"n": result.error_count})
    # the job's owner is told (notifications); KPIs that depend on the imported data are recomputed (workplan)
    emit("import_finished", key=f"core.job:{job.pk}", recipients=(job.user_id,) if job.user_id else (),
         title=job.params.get("filename") or job.name, url=job.get_absolute_url())  # fmt: skip
