"""Pages for background jobs: list, detail with a live progress bar, and the system check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.core import filtersets, tables
from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.models import Job
from npgov.core.services import recovery
from npgov.core.services.jobs import job_enqueue
from npgov.core.tasks import system_check_task
from npgov.core.views import generic


class JobListView(generic.ObjectListView):
    queryset = Job.objects.select_related("user")
    filterset_class = filtersets.JobFilterSet
    table_class = tables.JobTable
    url_prefix = "core:job"
    template_name = "core/job_list.html"
    export_name = "jobs"
    help_text = gettext_lazy("Imports, recalculations and exports running in the background.")


class JobDetailView(generic.ObjectDetailView):
    queryset = Job.objects.select_related("user")
    url_prefix = "core:job"
    template_name = "core/job_detail.html"
    fields = ("name", "status", "user", "created_at", "started_at", "finished_at")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"may_restart": _may_restart(self.request.user, obj)}


def _may_restart(user: Any, job: Job) -> bool:
    """The job's owner (or an administrator) may run again a failed job whose input is still there."""
    return (user.is_superuser or job.user_id == user.pk) and recovery.job_can_restart(job)


def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar fragment that HTMX polls until the job finishes."""
    job = generic.object_or_404(Job.objects.all(), request.user, "view", pk)
    response = render(request, "core/partials/job_progress.html", {"job": job})
    if job.finished and request.htmx:
        # Reload the whole page once, so the result and log appear.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def job_system_check(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    job = job_enqueue(task=system_check_task, name=_("System check"), user=request.user)
    return redirect(job.get_absolute_url())


@require_POST
def job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed job again (its worker died; the upload was kept): a new job with the same parameters."""
    job = generic.object_or_404(Job.objects.all(), request.user, "view", pk)
    if not _may_restart(request.user, job):
        raise Http404
    new = recovery.job_restart(job, user=request.user)
    messages.success(request, _("The job was started again."))
    return redirect(new.get_absolute_url())
