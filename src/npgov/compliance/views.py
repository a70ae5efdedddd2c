"""Pages of compliance: the findings list and page with their workflow, and starting a check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.compliance import filtersets, services, tables
from npgov.compliance.choices import FindingStatus
from npgov.compliance.models import Finding
from npgov.compliance.tasks import compliance_run_task
from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.services.jobs import job_enqueue
from npgov.core.views import generic


class FindingListView(generic.ObjectListView):
    queryset = Finding.objects.select_related("enterprise", "substance", "department")
    filterset_class = filtersets.FindingFilterSet
    table_class = tables.FindingTable
    url_prefix = "compliance:finding"
    export_name = "compliance-findings"
    template_name = "compliance/finding_list.html"
    help_text = gettext_lazy(
        "What the compliance check found: accepted survey data against the control measures of the lists "
        "(bans after their effective dates, expired exemptions, restrictions, emission controls). Red rows are overdue."
    )


class FindingDetailView(generic.ObjectDetailView):
    queryset = Finding.objects.select_related(
        "enterprise", "substance", "measure__entry__regulatory_list", "department"
    )
    url_prefix = "compliance:finding"
    template_name = "compliance/finding_detail.html"
    fields = ("enterprise", "substance", "year", "activity", "rule", "explanation", "legal_basis", "severity",
              "status", "opened_on", "due_date", "department", "rectification", "rectification_at", "closed_at",
              "closed_by", "note")  # fmt: skip

    def extra_context(self, obj: Finding) -> dict[str, Any]:
        user = self.request.user
        may_change = Finding.objects.restrict(user, "change").filter(pk=obj.pk).exists()
        officer = user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT
        return {
            "may_rectify": may_change and obj.status in (FindingStatus.OPEN, FindingStatus.RECTIFICATION_SUBMITTED),
            "may_verify": may_change and officer and obj.status == FindingStatus.RECTIFICATION_SUBMITTED,
            "may_escalate": may_change and officer and obj.active,
            "edit_url": None,
        }


@require_POST
def finding_action(request: HttpRequest, pk: int) -> HttpResponse:
    finding = generic.object_or_404(Finding.objects.all(), request.user, "change", pk)
    action, text = request.POST.get("action", ""), request.POST.get("text", "")
    handlers = {
        "rectify": lambda: services.finding_submit_rectification(finding=finding, user=request.user, text=text),
        "close": lambda: services.finding_close(finding=finding, user=request.user, note=text),
        "reject": lambda: services.finding_return(finding=finding, user=request.user, note=text),
        "escalate": lambda: services.finding_escalate(finding=finding, user=request.user, note=text),
    }
    if action not in handlers:
        messages.error(request, _("Unknown action."))
        return redirect(finding.get_absolute_url())
    try:
        handlers[action]()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved: %(status)s.") % {"status": finding.get_status_display()})
    return redirect(finding.get_absolute_url())


@require_POST
def run(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    job = job_enqueue(task=compliance_run_task, user=request.user, name=_("Compliance check"))
    return redirect(job.get_absolute_url())
