"""Pages of double-random inspections: inspectors, draws (reproducible, published), tasks, records, cases."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from npgov.compliance.choices import ACTIVE_STATUSES
from npgov.compliance.selectors import finding_list
from npgov.core.attachments import attachment_response
from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.pagecache import public_page
from npgov.core.permissions import can
from npgov.core.types import AnyUser, SignedInRequest
from npgov.core.views import generic
from npgov.core.widgets import scope_choices
from npgov.enforcement.inspections import filtersets, forms, services, tables
from npgov.enforcement.inspections import selectors as public
from npgov.enforcement.inspections.models import (
    Case,
    InspectionAttachment,
    InspectionDraw,
    InspectionTask,
    Inspector,
)


class InspectorListView(generic.ObjectListView):
    queryset = Inspector.objects.select_related("department", "district")
    filterset_class = filtersets.InspectorFilterSet
    table_class = tables.InspectorTable
    url_prefix = "enforcement:inspector"
    export_name = "inspectors"
    help_text = gettext_lazy("The pool of law-enforcement officers the random draws choose from, with their conflicts.")


class InspectorEditView(generic.ObjectEditView):
    queryset = Inspector.objects.all()
    form_class = forms.InspectorForm
    url_prefix = "enforcement:inspector"


class InspectorImportView(generic.BulkImportView):
    queryset = Inspector.objects.all()
    url_prefix = "enforcement:inspector"
    spec = forms.INSPECTOR_IMPORT


class InspectionDrawListView(generic.ObjectListView):
    queryset = InspectionDraw.objects.all()
    table_class = tables.InspectionDrawTable
    url_prefix = "enforcement:draw"
    export_name = "random-draws"
    help_text = gettext_lazy(
        "Double-random, one-public draws: enterprises from a filtered population and inspectors from the pool, "
        "from a published seed that anyone can use to reproduce the draw."
    )


def draw_add(request: SignedInRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    form = forms.InspectionDrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draw_request = services.DrawRequest(
            title=data["title"], count=data["count"], inspectors_per_task=data["inspectors_per_task"],
            due_date=data["due_date"], exclude_own_district=data["exclude_own_district"], seed=data["seed"],
            districts=tuple(d.pk for d in data["districts"]), industries=tuple(i.pk for i in data["industries"]),
            obligations=tuple(data["obligations"]), with_open_findings=data["with_open_findings"],
        )  # fmt: skip
        try:
            draw = services.draw_create(request=draw_request, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Drew %(n)s enterprises with seed %(seed)s.") % {"n": draw.tasks.count(),
                                                                                        "seed": draw.seed})  # fmt: skip
            return redirect(draw.get_absolute_url())
    return render(request, "enforcement/draw_form.html", {"form": form}, status=400 if form.errors else 200)


def _draw_context(draw: InspectionDraw, user: AnyUser) -> dict[str, Any]:
    tasks = (
        draw.tasks.select_related("enterprise__district", "record")
        .prefetch_related("inspectors")
        .order_by("enterprise__name")
    )
    return {"draw": draw, "tasks": tasks, "population": len(draw.population), "pool": len(draw.pool)}


def draw_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    draw = generic.object_or_404(InspectionDraw.objects.all(), request.user, "view", pk)
    context = _draw_context(draw, request.user)
    context["results_public"] = True  # officials see everything; the public page hides what is not yet public
    context["public_results_due"] = public.draw_results_public(draw) if draw.published else False
    context["may_publish"] = (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES) and not draw.published
    if request.GET.get("reproduce"):
        context["reproduced"] = services.draw_reproduce(draw)
    return render(request, "enforcement/draw_detail.html", context)


@require_POST
def draw_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    draw = generic.object_or_404(InspectionDraw.objects.all(), request.user, "change", pk)
    services.draw_publish(draw=draw, user=request.user)
    messages.success(request, _("Published: the public sees the draw now, and its selection, inspectors and seed "
                                "once the inspections have been carried out."))
    return redirect(draw.get_absolute_url())


# The public side of 双随机、一公开 (published draws and cases): pages of the public portal's shell, the same for
# every visitor; the portal serves them through its page cache.
PUBLIC_PAGE_SIZE = 20


@login_not_required
@require_safe
@public_page
def public_draws(request: HttpRequest) -> HttpResponse:
    """Published draws with their seeds, latest first."""
    page = Paginator(public.public_draws(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_draws.html", {"page": page})


@login_not_required
@require_safe
@public_page
def public_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """A published draw: its seed, method and parameters, the enterprises selected and the outcomes."""
    draw = public.public_draw_get(pk=pk)
    if draw is None:
        raise Http404
    # 双随机、一公开: the selection and the seed that recomputes it are public once the results are (selectors)
    results_public = public.draw_results_public(draw)
    context: dict[str, Any] = {
        "draw": draw, "tasks": public.public_draw_tasks(draw=draw), "population": len(draw.population),
        "pool": len(draw.pool), "public": True, "reproduced": None, "results_public": results_public,
    }  # fmt: skip
    if results_public and request.GET.get("reproduce"):
        context["reproduced"] = services.draw_reproduce(draw)
    return render(request, "enforcement/public_draw.html", context)


class TaskListView(generic.ObjectListView):
    queryset = InspectionTask.objects.select_related("enterprise", "draw")
    filterset_class = filtersets.TaskFilterSet
    table_class = tables.TaskTable
    url_prefix = "enforcement:task"
    export_name = "inspection-tasks"
    help_text = gettext_lazy("Inspections to carry out and carried out, each with its checklist from the obligations.")


def task_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    task = generic.object_or_404(InspectionTask.objects.select_related("enterprise", "draw"), request.user, "view", pk)
    record = getattr(task, "record", None)
    may_record = record is None and InspectionTask.objects.restrict(request.user, "change").filter(pk=pk).exists()
    form = forms.InspectionRecordForm(request.POST or None, request.FILES or None,
                                      initial={"inspected_on": timezone.localdate()})  # fmt: skip
    findings = finding_list(enterprise=task.enterprise, statuses=ACTIVE_STATUSES)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            answers = {item["key"]: request.POST.get(f"answer:{item['key']}", "na") for item in task.checklist}
            # ids as posted: only digits reach the query (anything else is no finding, never a 500)
            chosen = [raw for raw in request.POST.getlist("verified") if raw.isascii() and raw.isdigit()]
            verified = list(findings.filter(pk__in=chosen))
            attachment = form.cleaned_data.get("attachment")
            try:
                services.inspection_record(
                    task=task, user=request.user, inspected_on=form.cleaned_data["inspected_on"],
                    observations=form.cleaned_data["observations"], answers=answers, verified_findings=verified,
                    attachments=[(attachment, form.cleaned_data.get("caption", ""))] if attachment else [],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect(task.get_absolute_url())
    cases = Case.objects.restrict(request.user, "view").filter(task=task).order_by("-opened_on")
    context = {"task": task, "record": record, "form": form, "may_record": may_record, "findings": findings,
               "may_open_case": record is not None and can(request.user, Case, "add"), "cases": cases}  # fmt: skip
    return render(request, "enforcement/task_detail.html", context, status=400 if form.errors else 200)


@require_safe
def attachment_download(request: SignedInRequest, pk: int) -> FileResponse:
    """An inspection record's attachment, to those who may see the record: always a download, never rendered."""
    attachment = generic.object_or_404(InspectionAttachment.objects.select_related("record"), request.user, "view", pk)
    if not attachment.file:
        raise Http404
    try:
        return attachment_response(attachment.file, download_name=PurePath(attachment.file.name).name)
    except FileNotFoundError:
        raise Http404 from None


class CaseListView(generic.ObjectListView):
    queryset = Case.objects.select_related("enterprise")
    filterset_class = filtersets.CaseFilterSet
    table_class = tables.CaseTable
    url_prefix = "enforcement:case"
    export_name = "cases"
    help_text = gettext_lazy("Enforcement cases from inspections and escalated findings, with decisions and penalties.")


class CaseDetailView(generic.ObjectDetailView):
    queryset = Case.objects.select_related("enterprise", "task__enterprise", "finding")
    url_prefix = "enforcement:case"
    fields = ("number", "enterprise", "task", "finding", "opened_on", "facts", "legal_basis", "decision",
              "penalty_yuan", "decided_on", "status", "published")  # fmt: skip

    def field_rows(self, obj: Any) -> list[tuple[str, Any]]:
        published = str(Case._meta.get_field("published").verbose_name)
        rows = [(str(forms.PUBLISHED_LABEL) if label == published else label, value)
                for label, value in super().field_rows(obj)]  # fmt: skip
        # The task link only for those who may open the task page.
        visible_tasks = InspectionTask.objects.restrict(self.request.user, "view")
        if obj.task_id and not visible_tasks.filter(pk=obj.task_id).exists():
            task_label = str(Case._meta.get_field("task").verbose_name)
            rows = [(label, str(value) if label == task_label else value) for label, value in rows]
        return rows


class CaseEditView(generic.ObjectEditView):
    """A case; ``?task=<id>`` opens it from an inspection task, which the case then links to."""

    queryset = Case.objects.select_related("task__enterprise")
    form_class = forms.CaseForm
    url_prefix = "enforcement:case"
    template_name = "enforcement/case_form.html"

    def source_task(self) -> InspectionTask | None:
        """The inspection task the new case is opened from (the query string is kept when the form is posted)."""
        if "pk" in self.kwargs or not self.request.GET.get("task"):
            return None
        raw = self.request.GET["task"]
        task = None
        if raw.isascii() and raw.isdigit():
            task = (InspectionTask.objects.restrict(self.request.user, "view").select_related("enterprise")
                    .filter(pk=int(raw)).first())  # fmt: skip
        if task is None:
            raise Http404
        return task

    def form_kwargs(self) -> dict[str, Any]:
        return {"task": self.source_task()}

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        task = self.source_task()
        initial: dict[str, Any] = {}
        if obj is None and task is not None:
            record = getattr(task, "record", None)
            initial = {"enterprise": task.enterprise, "facts": record.observations if record else "",
                       "number": f"大环罚〔{timezone.localdate():%Y}〕{task.pk:04d}号"}  # fmt: skip
        # the enterprise choices narrowed to the user's (a district's case form lists its own enterprises only)
        form = scope_choices(self.form_class(instance=obj, initial=initial, task=task), request.user)
        return self.render_form(form, obj)

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        task = obj.task if obj is not None and obj.task_id else getattr(form, "task", None)
        context = {
            **self.base_context(), "form": form, "object": obj, "source_task": task,
            "cancel_url": obj.get_absolute_url() if obj else (task.get_absolute_url() if task else self.url("list")),
            "change_reason": self.request.POST.get("_change_reason", ""),
        }  # fmt: skip
        return render(self.request, self.template_name, context)


@login_not_required
@require_safe
@public_page
def public_cases(request: HttpRequest) -> HttpResponse:
    """Published cases: number, enterprise, decision, penalty, date."""
    page = Paginator(public.public_cases(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_cases.html", {"page": page})
