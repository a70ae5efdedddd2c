"""Pages of the monitoring network: sites and their series, the map, results, imports, plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.exports import csv_response, xlsx_response
from npgov.core.models import ImportBatch
from npgov.core.permissions import can
from npgov.core.services.jobs import job_enqueue
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance, throttle_params
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.monitoring import filtersets, forms, selectors, services, tables
from npgov.monitoring.api.serializers import finite
from npgov.monitoring.choices import CANONICAL_UNIT, MONITORED_MATRICES, SiteKind
from npgov.monitoring.fields import ANALYTE, FIELD_BY_KEY, check_mapping, guess_mapping, mapping_format
from npgov.monitoring.import_specs import SITE_IMPORT
from npgov.monitoring.importers import ASYNC_BYTES, LIMITS, TARGET, import_results
from npgov.monitoring.models import MonitoringPlan, MonitoringPlanLine, Result, Sample, SamplingCampaign, Site
from npgov.monitoring.reading import ImportFileError, open_source
from npgov.monitoring.tasks import import_results_task
from npgov.substances.selectors import substance_list, substance_visible


# --- sites ----------------------------------------------------------------------------------------
class SiteListView(generic.ObjectListView):
    queryset = selectors.site_list_annotations(Site.objects.select_related("district"))
    filterset_class = filtersets.SiteFilterSet
    table_class = tables.SiteTable
    url_prefix = "monitoring:site"
    export_name = "monitoring-sites"
    help_text = gettext_lazy(
        "Monitoring sites at drinking-water sources, rivers, coastal waters, industrial parks, aquaculture and "
        "agricultural areas and sewage plants. Open a site for its series and statistics; see them all on the map."
    )


class SiteDetailView(generic.ObjectDetailView):
    queryset = Site.objects.select_related("district", "park")
    url_prefix = "monitoring:site"
    template_name = "monitoring/site_detail.html"
    fields = ("code", "name", "kind", "district", "water_body", "latitude", "longitude", "park", "active", "note")

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        if request.GET.get("export") == "csv":
            site = self.get_object(pk)
            filters = selectors.Filters.from_query(request.GET)
            return _site_export(site, selectors.site_substances(site=site, user=request.user, filters=filters))
        return super().get(request, pk)

    def extra_context(self, obj: Site) -> dict[str, Any]:
        filters = selectors.Filters.from_query(self.request.GET)
        return {
            "rows": selectors.site_substances(site=obj, user=self.request.user, filters=filters),
            "filters": filters, "filter_query": filters.as_query(), "kinds": SiteKind.choices,
            "area_json": json.dumps(obj.area) if obj.area else "",
            "samples": Sample.objects.restrict(self.request.user, "view").filter(site=obj).count(),
            "results_url": reverse("monitoring:result_list") + f"?site={obj.pk}",
            "tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        }  # fmt: skip


def _site_export(site: Site, rows: list[dict[str, Any]]) -> HttpResponse:
    header = [_("substance"), "CAS", _("matrix"), _("unit"), "n", _("non-detects"), _("detection frequency"),
              _("KM mean"), _("KM median"), _("ROS mean"), _("maximum detected"), _("trend"), "p",
              _("Sen slope per year")]  # fmt: skip
    body = []
    for row in rows:
        s, t = row["summary"], row["trend"]
        body.append([row["substance"].name_zh, row["substance"].cas or "", row["matrix"], row["unit"], s["n"],
                     s["n_censored"], s["detection_frequency"], s["km"]["mean"], s["km"]["median"], s["ros"]["mean"],
                     s["max_detected"], t["trend"] or t["reason"] or "", t["p"], t["slope_per_year"]])  # fmt: skip
    return csv_response([header, *body], f"site-{site.code}-statistics")


class SiteEditView(generic.ObjectEditView):
    queryset = Site.objects.all()
    form_class = forms.SiteForm
    url_prefix = "monitoring:site"


class SiteImportView(generic.BulkImportView):
    queryset = Site.objects.all()
    url_prefix = "monitoring:site"
    spec = SITE_IMPORT


@require_GET
def site_series(request: HttpRequest, pk: int) -> JsonResponse:
    """A substance's series at a site, for the chart (detects and non-detects apart)."""
    site = generic.object_or_404(Site.objects.all(), request.user, "view", pk)
    substance_id = request.GET.get("substance", "")
    matrix = request.GET.get("matrix", "water")
    if not substance_id.isdigit() or matrix not in CANONICAL_UNIT:
        return JsonResponse({"error": "substance and matrix are required"}, status=400)
    filters = selectors.Filters.from_query(request.GET)
    return JsonResponse(
        finite(selectors.site_series(
            site=site, substance_id=int(substance_id), matrix=matrix, user=request.user, filters=filters
        ))
    )  # fmt: skip


# --- map ------------------------------------------------------------------------------------------
def map_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Site, "view"):
        raise PermissionDenied
    # the substances with maintained statistics the user may read: a subquery on the cells, never the results
    substance_ids = selectors.measured_substance_ids(user=request.user)
    context = {
        "substances": substance_list(ids=substance_ids).order_by("name_zh"),
        "statistics": [(key, label()) for key, label in selectors.MAP_STATISTICS.items()],
        "matrices": MONITORED_MATRICES,
        "kinds": SiteKind.choices,
        "districts": filtersets._districts(),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "monitoring/map.html", context)


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    if not can(request.user, Site, "view"):
        raise PermissionDenied
    raw = request.GET.get("substance", "")
    statistic = request.GET.get("statistic", "detection_frequency")
    if statistic not in selectors.MAP_STATISTICS:
        message = _("The statistic must be one of %(choices)s.") % {"choices": ", ".join(selectors.MAP_STATISTICS)}
        return JsonResponse({"error": message}, status=400)
    matrix = request.GET.get("matrix", "water")
    if matrix not in CANONICAL_UNIT:
        message = _("The matrix must be one of %(choices)s.") % {"choices": ", ".join(CANONICAL_UNIT)}
        return JsonResponse({"error": message}, status=400)
    data = selectors.map_sites(
        user=request.user, substance_id=int(raw) if raw.isdigit() else None, statistic=statistic,
        filters=selectors.Filters.from_query(request.GET), matrix=matrix,
    )  # fmt: skip
    return JsonResponse(finite(data))


# --- results and samples --------------------------------------------------------------------------
class ResultListView(generic.ObjectListView):
    queryset = Result.objects.select_related("site", "substance")
    filterset_class = filtersets.ResultFilterSet
    table_class = tables.ResultTable
    url_prefix = "monitoring:result"
    export_name = "monitoring-results"
    help_text = gettext_lazy(
        "Results as reported (value and unit) and in the matrix's canonical unit; a non-detect keeps its "
        "qualifier and its limit as the value."
    )


# --- importing results ----------------------------------------------------------------------------
class ResultImportView(View):
    """Step 1: upload a file (or download a template). Step 2 is the mapping page."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can(request.user, Result, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        template = request.GET.get("template", "")
        if template:
            fmt, _sep, kind = template.partition(".")
            if fmt not in ("long", "wide") or kind not in ("csv", "xlsx"):
                raise Http404
            sheets = services.template_sheets(fmt)
            if kind == "csv":
                return csv_response(sheets[0][1], f"monitoring-{fmt}-template")
            return xlsx_response(sheets, f"monitoring-{fmt}-template")
        return self.render_page(forms.ResultUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ResultUploadForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_page(form, status=400)
        upload = form.cleaned_data["file"]
        path, _sha = services.upload_keep(upload)
        query = urlencode({"upload": path.name, "name": upload.name})
        return redirect(reverse("monitoring:result_mapping") + f"?{query}")

    def render_page(self, form: forms.ResultUploadForm, status: int = 200) -> HttpResponse:
        batches = ImportBatch.objects.restrict(self.request.user, "view").filter(target=TARGET)[:5]
        context = {"form": form, "batches": batches, "limits": LIMITS.describe()}
        return render(self.request, "monitoring/import.html", context, status=status)


class ResultMappingView(View):
    """Step 2: map the file's columns to fields (guessed), then check or import; large files become a job."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, Result, "add"):
            raise PermissionDenied
        self.path = services.kept_upload(request.GET.get("upload", ""))
        self.filename = Path(request.GET.get("name", "") or "upload.csv").name
        if self.path is None:
            messages.error(request, _("The upload has expired or was already imported: upload the file again."))
            return redirect("monitoring:result_import")
        return super().dispatch(request, *args, **kwargs)

    def _source(self) -> Any:
        return open_source(self.path, self.filename, LIMITS)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            source = self._source()
        except ImportFileError as exc:
            return self.render_problem(str(exc))
        try:
            headers = source.headers
            # the first rows only: the file is read in full by the check, never in the request
            preview = next(iter(source.batches(preview=True)), None)
        except ImportFileError as exc:
            return self.render_problem(str(exc))
        finally:
            source.cleanup()
        form = forms.MappingForm(headers=headers, guessed=guess_mapping(headers))
        return self.render_page(form, headers, preview)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            source = self._source()
        except ImportFileError as exc:
            return self.render_problem(str(exc))
        headers = source.headers
        source.cleanup()
        form = forms.MappingForm(data=request.POST, headers=headers, guessed={})
        if not form.is_valid():
            return self.render_page(form, headers, None, status=400)
        mapping = form.mapping()
        problems = check_mapping(mapping)
        if problems:
            return self.render_page(form, headers, None, problems=problems, status=400)
        commit = request.POST.get("action") == "import"
        if _needs_job(self.path or Path(), self.filename) or request.POST.get("background"):
            try:
                check_upload_allowance(request.user, import_results_task.name, per_hour=0, concurrent_jobs=1)
            except UploadNotAllowed as exc:
                response = self.render_page(form, headers, None, problems=[exc.message], status=429)
                response["Retry-After"] = str(exc.retry_after)
                return response
            job = job_enqueue(
                task=import_results_task, user=request.user,
                name=(_("Import %(file)s into monitoring results") if commit else _("Check %(file)s"))
                % {"file": self.filename},
                params={"path": str(self.path), "filename": self.filename, "mapping": mapping, "commit": commit,
                        **throttle_params(import_results_task.name)},
            )  # fmt: skip
            return redirect(job.get_absolute_url())
        try:
            report = import_results(
                path=self.path, filename=self.filename, user=request.user, mapping=mapping, commit=commit
            )
        except ImportFileError as exc:
            return self.render_problem(str(exc))
        if report.committed:
            self.path.unlink(missing_ok=True)
            messages.success(
                request,
                _("Imported %(results)s results (%(samples)s new samples, %(censored)s non-detects).")
                % {"results": report.results, "samples": report.samples_created, "censored": report.censored},
            )
            return redirect("monitoring:batch_detail", pk=report.batch_id)
        context = {"report": report, "form": form, "headers": headers, "commit": commit, "fields": FIELD_BY_KEY,
                   "format": mapping_format(mapping), "query": request.GET.urlencode()}  # fmt: skip
        return render(request, "monitoring/import_report.html", context, status=200 if report.ok else 400)

    def render_page(
        self,
        form: forms.MappingForm,
        headers: list[str],
        preview: Any,
        problems: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        guessed = {h: form[f"col_{i}"].value() for i, h in enumerate(headers)}
        preview_rows = preview.head(5).drop("_line").rows() if preview is not None else []
        samples = [
            " | ".join(str(row[i]) if row[i] is not None else "·" for row in preview_rows) for i in range(len(headers))
        ]
        context = {
            "form": form, "headers": headers, "mapping_rows": list(zip(form, samples, strict=True)),
            "problems": problems or [],
            "format": mapping_format(guessed), "filename": self.filename, "query": self.request.GET.urlencode(),
            "size": self.path.stat().st_size, "async_bytes": ASYNC_BYTES, "analyte": ANALYTE,
        }  # fmt: skip
        return render(self.request, "monitoring/import_mapping.html", context, status=status)

    def render_problem(self, message: str) -> HttpResponse:
        return render(self.request, "monitoring/import.html",
                      {"form": forms.ResultUploadForm(), "file_error": message, "batches": [],
                       "limits": LIMITS.describe()}, status=400)  # fmt: skip


def _needs_job(path: Path, filename: str) -> bool:
    """Whether a file is checked or imported as a background job: beyond ``ASYNC_BYTES``, or a workbook
    that unpacks to more than ten times that (its XML, not its zip, is what takes time)."""
    size = path.stat().st_size
    if size > ASYNC_BYTES:
        return True
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist()) > 10 * ASYNC_BYTES
        except zipfile.BadZipFile:
            return False  # the importer says why it cannot be read
    return False


class BatchListView(generic.ObjectListView):
    queryset = ImportBatch.objects.filter(target=TARGET).select_related("user")
    table_class = tables.BatchTable
    url_prefix = "monitoring:batch"
    list_url_name = "monitoring:batch_list"
    export_name = "monitoring-imports"
    help_text = gettext_lazy("Every committed import of monitoring results: who, when, the file's SHA-256, the rows.")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Result, "view"):
            raise PermissionDenied
        return super().get(request)

    def restricted(self, action: str) -> Any:
        # The provenance of monitoring data is as open as the data: every official who reads results.
        return self.queryset if can(self.request.user, Result, "view") else self.queryset.none()

    def base_context(self) -> dict[str, Any]:
        context = super().base_context()
        context["verbose_name_plural"] = _("result imports")
        context["import_url"] = reverse("monitoring:result_import") if can(self.request.user, Result, "add") else None
        context["add_url"] = None
        return context


class BatchDetailView(View):
    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        if not can(request.user, Result, "view"):
            raise PermissionDenied
        batch = get_object_or_404(ImportBatch.objects.filter(target=TARGET), pk=pk)
        results = Result.objects.restrict(request.user, "view").filter(batch=batch)
        context = {
            "batch": batch, "results": results.count(),
            "censored": results.filter(qualifier__in=selectors.CENSORED).count(),
            "samples": Sample.objects.filter(batch=batch).count(),
            "sites": results.values("site_id").distinct().count(),
            "results_url": reverse("monitoring:result_list") + f"?batch={batch.pk}",
            "may_withdraw": request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES,
        }  # fmt: skip
        return render(request, "monitoring/batch_detail.html", context)


@require_POST
def batch_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.filter(target=TARGET), pk=pk)
    try:
        counts = services.batch_withdraw(batch=batch, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:batch_detail", pk=pk)
    messages.success(request, _("Withdrew the import: %(results)s results and %(samples)s samples deleted.") % counts)
    return redirect("monitoring:batch_list")


# --- plans ----------------------------------------------------------------------------------------
class PlanListView(generic.ObjectListView):
    queryset = MonitoringPlan.objects.select_related("department")
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable
    url_prefix = "monitoring:plan"
    export_name = "monitoring-plans"
    help_text = gettext_lazy("Monitoring programmes: sites, substances, frequency and the responsible department.")


class PlanDetailView(generic.ObjectDetailView):
    queryset = MonitoringPlan.objects.select_related("department").prefetch_related("sites", "substances", "campaigns")
    url_prefix = "monitoring:plan"
    template_name = "monitoring/plan_detail.html"
    fields = ("name", "year", "department", "frequency", "source", "description")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        lines = list(_plan_lines(obj))
        return {"lines": lines, "analyses": sum(line.samples_per_year for line in lines)}


class PlanEditView(generic.ObjectEditView):
    queryset = MonitoringPlan.objects.all()
    form_class = forms.PlanForm
    url_prefix = "monitoring:plan"


class SamplingCampaignEditView(generic.ObjectEditView):
    queryset = SamplingCampaign.objects.all()
    form_class = forms.SamplingCampaignForm
    url_prefix = "monitoring:campaign"

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        initial = {"plan": request.GET.get("plan")} if obj is None else {}
        return self.render_form(self.form_class(instance=obj, initial=initial), obj)


def _plan_lines(plan: MonitoringPlan) -> Any:
    """The plan's lines with their site, substance and laboratory (one query): by laboratory (none last), site."""
    return MonitoringPlanLine.objects.filter(plan=plan).select_related("site", "substance", "lab").order_by(
        F("lab__name").asc(nulls_last=True), "site__code", "substance__name_zh", "pk")  # fmt: skip


def _plan_sheet_rows(lines: list[MonitoringPlanLine]) -> list[list[Any]]:
    header = [_("site code"), _("site"), _("substance"), _("CAS RN"), _("samples per year"), _("laboratory"),
              _("reasons")]  # fmt: skip
    return [header, *[[line.site.code, line.site.name, line.substance.name_zh or line.substance.name_en,
                       line.substance.cas or "", line.samples_per_year, line.lab.name if line.lab else "",
                       "；".join(line.reason_labels)] for line in lines]]  # fmt: skip


SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's lines for the laboratories (Excel): every line, then one sheet per laboratory."""
    plan = get_object_or_404(MonitoringPlan.objects.restrict(request.user, "view"), pk=pk)
    lines = list(_plan_lines(plan))
    sheets: list[tuple[str, list[list[Any]]]] = [(_("all lines"), _plan_sheet_rows(lines))]
    by_lab: dict[str, list[MonitoringPlanLine]] = {}
    for line in lines:
        by_lab.setdefault(line.lab.name if line.lab else _("no laboratory"), []).append(line)
    sheets += [(name.translate(SHEET_TITLE_FORBIDDEN), _plan_sheet_rows(group)) for name, group in by_lab.items()]
    return xlsx_response(sheets, f"monitoring-plan-{plan.year}-{plan.pk}")


plan_export.may_open = lambda user: can(user, MonitoringPlan, "view")  # type: ignore[attr-defined]


# --- the substance page's monitoring tab ----------------------------------------------------------
@require_GET
def substance_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    substance = get_object_or_404(substance_visible(user=request.user), pk=pk)
    if not can(request.user, Result, "view"):
        raise PermissionDenied
    filters = selectors.Filters.from_query(request.GET)
    data = selectors.substance_monitoring(substance=substance, user=request.user, filters=filters)
    context = {"substance": substance, "data": data, "kinds": SiteKind.choices, "districts": filtersets._districts(),
               "matrices": dict(MONITORED_MATRICES)}  # fmt: skip
    return render(request, "monitoring/partials/substance_monitoring.html", context)
