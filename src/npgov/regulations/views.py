"""Pages: the lists, their entries, classification, batch screening, the one-substance-one-policy sheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from npgov.core.exports import xlsx_response
from npgov.core.importers import file_sha256
from npgov.core.models import Job
from npgov.core.services.jobs import job_enqueue
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance, throttle_params
from npgov.core.types import SignedInRequest
from npgov.core.uploads import UploadRefused, check_upload
from npgov.core.views import generic
from npgov.regulations.filtersets import RegulatoryListFilterSet
from npgov.regulations.forms import ClassifyForm, ScreeningUploadForm
from npgov.regulations.models import ControlMeasure, ListEntry, RegulatoryList
from npgov.regulations.services.classification import classify_identifiers, classify_substance
from npgov.regulations.services.screening import SCREENING_LIMITS, SCREENING_PER_HOUR, SCREENING_THROTTLE_KEY
from npgov.regulations.tables import RegulatoryListTable
from npgov.regulations.tasks import screening_task
from npgov.regulations.templatetags.regulation_labels import basis_label
from npgov.substances.selectors import substance_visible


class RegulatoryListIndexView(generic.ObjectListView):
    queryset = RegulatoryList.objects.filter(is_current=True).annotate(entry_count=Count("entries"))
    filterset_class = RegulatoryListFilterSet
    table_class = RegulatoryListTable
    url_prefix = "regulations:list"
    list_url_name = "regulations:list_index"
    export_name = "regulatory-lists"
    help_text = gettext_lazy("China's regulatory lists as issued, each with its document, dates and source.")


class RegulatoryListDetailView(generic.ObjectDetailView):
    queryset = RegulatoryList.objects.all()
    url_prefix = "regulations:list"
    list_url_name = "regulations:list_index"
    template_name = "regulations/list_detail.html"
    fields = (
        "code",
        "title_zh",
        "title_en",
        "issuer_zh",
        "document_number",
        "published",
        "effective",
        "version",
        "revision",
        "is_current",
        "verified",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        entries = obj.entries.annotate(
            member_count=Count("members", distinct=True), measure_count=Count("measures", distinct=True)
        )
        revisions = RegulatoryList.objects.filter(code=obj.code).exclude(pk=obj.pk)
        return {"entries": entries, "revisions": revisions}


class ListEntryDetailView(generic.ObjectDetailView):
    queryset = ListEntry.objects.select_related("regulatory_list").prefetch_related("members__substance", "measures")
    url_prefix = "regulations:entry"
    template_name = "regulations/entry_detail.html"
    fields = ("item", "name_zh", "name_en", "abbreviation", "kind", "note", "source", "verified")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"list_url": obj.regulatory_list.get_absolute_url(), "verbose_name_plural": obj.regulatory_list.title_zh}


class ClassifyView(View):
    """Type or paste chemicals, see which entries apply and why; or upload an inventory to screen."""

    template_name = "regulations/classify.html"

    def get(self, request: SignedInRequest) -> HttpResponse:
        return self.render_page(ClassifyForm(), ScreeningUploadForm())

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = ClassifyForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, ScreeningUploadForm())
        results = classify_identifiers(form.cleaned_data["identifiers"])
        if request.POST.get("export") == "xlsx":
            return xlsx_response(
                [(_("classification"), _report_rows([r.as_json() for r in results]))], "classification"
            )
        return self.render_page(form, ScreeningUploadForm(), results=results)

    def render_page(self, form: ClassifyForm, upload: ScreeningUploadForm, results: Any = None) -> HttpResponse:
        return render(self.request, self.template_name, {"form": form, "upload": upload, "results": results})


class ScreeningUploadView(View):
    """Accept an inventory within the caps and the user's allowance, and screen it as a job (never in the request)."""

    def post(self, request: SignedInRequest) -> HttpResponse:
        upload = ScreeningUploadForm(data=request.POST, files=request.FILES)
        if not upload.is_valid():
            return self.refuse(upload)
        data = upload.cleaned_data["file"].read()
        name = PurePath(upload.cleaned_data["file"].name).name
        try:
            check_upload(data, name, SCREENING_LIMITS)  # a workbook that inflates beyond the cap
        except UploadRefused as exc:
            upload.add_error("file", str(exc))
            return self.refuse(upload)
        try:
            check_upload_allowance(request.user, SCREENING_THROTTLE_KEY, per_hour=SCREENING_PER_HOUR, concurrent_jobs=1)
        except UploadNotAllowed as exc:
            upload.add_error(None, exc.message)
            response = self.refuse(upload, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        folder = Path(settings.MEDIA_ROOT) / "screening"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{file_sha256(data)}{PurePath(name).suffix.lower()}"
        path.write_bytes(data)
        job = job_enqueue(
            task=screening_task,
            user=request.user,
            name=_("Screen %(file)s") % {"file": name[:150]},
            params={**throttle_params(SCREENING_THROTTLE_KEY), "path": str(path), "filename": name, "report": True},
        )
        return redirect("regulations:screening_report", pk=job.pk)

    def refuse(self, upload: ScreeningUploadForm, status: int = 400) -> HttpResponse:
        return render(self.request, ClassifyView.template_name, {"form": ClassifyForm(), "upload": upload},
                      status=status)  # fmt: skip


def screening_report(request: SignedInRequest, pk: int) -> HttpResponse:
    job = generic.object_or_404(Job.objects.filter(task=screening_task.name), request.user, "view", pk)
    report = job.result.get("report", []) if job.finished else []
    if request.GET.get("export") == "xlsx" and report:
        return xlsx_response([(_("screening"), _report_rows(report))], f"screening-{job.pk}")
    counted = job.result.get("rows_with_errors", job.result.get("errors", 0))  # "errors": jobs stored before
    with_errors = counted if isinstance(counted, int) else len(counted)
    return render(request, "regulations/screening_report.html", {"job": job, "report": report,
                                                                 "with_errors": with_errors})  # fmt: skip


def _report_rows(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    yield [
        _("Row"),
        _("Input"),
        _("CAS RN"),
        _("Name"),
        _("List"),
        _("Entry"),
        _("Basis"),
        _("Explanation"),
        _("Errors"),
    ]
    for index, row in enumerate(rows, start=1):
        substance = row.get("substance") or {}
        base = [
            row.get("row", index),
            row["input"],
            substance.get("cas") or "",
            substance.get("name_zh") or substance.get("name_en") or "",
        ]
        errors = "; ".join(row["errors"])
        if not row["matches"]:
            yield [*base, "", "", "", _("on no list") if not errors else "", errors]
        for match in row["matches"]:
            yield [*base, match["list"], match["entry"], basis_label(match["basis"]), match["explanation"], errors]


def policy_sheet(request: SignedInRequest, pk: int) -> HttpResponse:
    """One substance, one policy (一品一策): every entry it falls under with every measure, printable."""
    substance = get_object_or_404(substance_visible(user=request.user), pk=pk)
    matches = classify_substance(substance)
    measures = Prefetch("measures", queryset=ControlMeasure.objects.order_by("position"))
    entries = {
        e.pk: e for e in ListEntry.objects.filter(pk__in=[m.entry.pk for m in matches]).prefetch_related(measures)
    }
    sections = [{"match": m, "entry": entries[m.entry.pk], "list": m.entry.regulatory_list} for m in matches]
    return render(request, "regulations/policy_sheet.html", {"substance": substance, "sections": sections})
