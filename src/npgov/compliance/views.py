"""Pages of compliance: the findings list and page with their workflow, and starting a check."""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.compliance import filtersets, forms, services, tables
from npgov.compliance.choices import OBLIGATION_LIST_BY_KEY, OBLIGATION_LISTS, FindingStatus
from npgov.compliance.impact import impact_sheets, list_change_impact, list_change_notify
from npgov.compliance.models import ExistingSubstance, Finding, NewSubstanceRegistration
from npgov.compliance.selectors import new_substance_check, obligation_lists
from npgov.compliance.tasks import compliance_run_task
from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exceptions import ApplicationError
from npgov.core.exports import csv_response, xlsx_response
from npgov.core.models import User
from npgov.core.permissions import can
from npgov.core.services.jobs import job_enqueue
from npgov.core.views import generic
from npgov.enterprises.selectors import enterprise_visible
from npgov.regulations.services.diff import list_diff, list_revisions, regulatory_list_revisions


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
    # by default only enterprises whose survey lines or list measures changed since their last check
    full = request.POST.get("full") == "1"
    job = job_enqueue(task=compliance_run_task, user=request.user, name=_("Compliance check"),
                      params={"full": full})  # fmt: skip
    return redirect(job.get_absolute_url())


# --- obligation lists -----------------------------------------------------------------------------
def obligations(request: HttpRequest) -> HttpResponse:
    """The derived obligation lists, each with its rule, legal basis and the evidence per enterprise."""
    # The enterprise model's scope decides, looked up by label (compliance does not import enterprises.models).
    if not can(request.user, apps.get_model("enterprises", "Enterprise"), "view") or request.user.role in (
        Role.ENTERPRISE, Role.EXPERT,
    ):  # fmt: skip
        raise PermissionDenied
    lists = obligation_lists(enterprises=enterprise_visible(user=request.user, action="view"))
    current = request.GET.get("list", OBLIGATION_LISTS[0].key)
    if current not in OBLIGATION_LIST_BY_KEY:
        current = OBLIGATION_LISTS[0].key
    if request.GET.get("export") == "csv":
        header = [_("enterprise"), _("unified social credit code"), _("district"), _("reporting year"), _("evidence"),
                  _("permits")]  # fmt: skip
        rows = [[e.enterprise.name, e.enterprise.uscc, e.enterprise.district, e.year,
                 "；".join(f"{ln.substance} {ln.get_activity_display()}" for ln in e.evidence),
                 "；".join(f"{p.number}{'' if p.states_new_pollutant_controls else ' ✗'}" for p in e.permits)]
                for e in lists[current]]  # fmt: skip
        return csv_response([header, *rows], f"obligations-{current}")
    context = {"lists": [(item, len(lists[item.key])) for item in OBLIGATION_LISTS],
               "current": OBLIGATION_LIST_BY_KEY[current],
               "entries": lists[current]}  # fmt: skip
    return render(request, "compliance/obligations.html", context)


# --- list-change impact ----------------------------------------------------------------------------
def _officials_only(user: Any) -> None:
    if not can(user, apps.get_model("enterprises", "Enterprise"), "view") or user.role in (
        Role.ENTERPRISE,
        Role.EXPERT,
    ):
        raise PermissionDenied


def _is_all_access(user: Any) -> bool:
    return bool(user.is_superuser or user.role in ALL_ACCESS_ROLES)


def list_changes(request: HttpRequest) -> HttpResponse:
    """The regulatory lists with their revisions: each opens the impact of its latest change."""
    _officials_only(request.user)
    return render(request, "compliance/list_changes.html", {"lists": regulatory_list_revisions()})


def _revision(request: HttpRequest, name: str) -> int | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 10_000:
        raise ValidationError(_("A revision is a whole number from 1."))
    return int(text)


def list_change(request: HttpRequest, code: str) -> HttpResponse:
    """What changed between two revisions of a list and who it affects; Excel export; telling those affected."""
    _officials_only(request.user)
    try:
        found = list_diff(code=code, from_revision=_revision(request, "from"), to_revision=_revision(request, "to"))
    except (ApplicationError, ValidationError) as exc:
        if not list_revisions(code=code):
            raise Http404 from exc
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("compliance:list_change", code=code)
    impact = list_change_impact(found)
    visible = set(enterprise_visible(user=request.user, action="view").values_list("pk", flat=True))
    impact.enterprises = [a for a in impact.enterprises if a.enterprise.pk in visible]
    may_notify = _is_all_access(request.user)
    if request.method == "POST":
        if not may_notify:
            raise PermissionDenied
        covered = list_change_notify(impact, actor=cast(User, request.user))
        told = _("The users of %(n)s affected enterprises and their districts were told (each once).")
        messages.success(request, told % {"n": covered})
        return redirect(request.get_full_path())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(impact_sheets(impact), f"list-change-{code}-{found.new.revision}")
    context = {"diff": found, "impact": impact, "revisions": list_revisions(code=code), "may_notify": may_notify}
    return render(request, "compliance/list_change.html", context)


# --- new chemical substances ----------------------------------------------------------------------
class RegistrationListView(generic.ObjectListView):
    queryset = NewSubstanceRegistration.objects.select_related("holder", "substance")
    table_class = tables.RegistrationTable
    filterset_class = filtersets.RegistrationFilterSet
    url_prefix = "compliance:registration"
    export_name = "new-substance-registrations"
    template_name = "compliance/registration_list.html"
    help_text = gettext_lazy(
        "New chemical substance registrations (regular, simplified, record filing) and the check of surveyed "
        "substances that are neither in the existing-substances inventory nor registered."
    )

    def list_context(self) -> dict[str, Any]:
        return _new_substance_context(self.request)


def _new_substance_context(request: HttpRequest) -> dict[str, Any]:
    loaded, rows = new_substance_check(enterprises=enterprise_visible(user=request.user, action="view"))
    return {"inventory_loaded": loaded, "inventory_size": ExistingSubstance.objects.count(), "unregistered": rows}


class RegistrationEditView(generic.ObjectEditView):
    queryset = NewSubstanceRegistration.objects.all()
    form_class = forms.RegistrationForm
    url_prefix = "compliance:registration"


class RegistrationImportView(generic.BulkImportView):
    queryset = NewSubstanceRegistration.objects.all()
    url_prefix = "compliance:registration"
    spec = forms.REGISTRATION_IMPORT


class InventoryImportView(generic.BulkImportView):
    queryset = ExistingSubstance.objects.all()
    url_prefix = "compliance:inventory"
    list_url_name = "compliance:registration_list"
    spec = forms.INVENTORY_IMPORT
