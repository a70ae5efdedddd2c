"""Pages of product sampling: categories, limits, samples, results, the results import, trends."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from npgov.compliance.selectors import finding_list
from npgov.core.choices import Role
from npgov.core.exports import csv_response, xlsx_response
from npgov.core.importers import file_error, file_sha256
from npgov.core.models import ImportBatch, Job
from npgov.core.permissions import can
from npgov.core.services.jobs import job_enqueue
from npgov.core.tabular import estimate_rows
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance, throttle_params
from npgov.core.types import SignedInRequest
from npgov.core.uploads import UploadRefused, check_upload
from npgov.core.views import generic
from npgov.enforcement.products import filtersets, forms, importers, selectors, services, tables
from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductResult, ProductSample, Verdict
from npgov.enforcement.products.tasks import product_results_import_task


class UserFormMixin:
    """Edit views whose form narrows its choices to the user's (a department records its own work)."""

    request: HttpRequest

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class ServiceEditView(UserFormMixin, generic.ObjectEditView):
    """An edit view whose ``after_save`` (core's hook) calls the area's service in the save's transaction."""


# --- categories and limits ------------------------------------------------------------------------
class CategoryListView(generic.ObjectListView):
    queryset = ProductCategory.objects.select_related("parent").annotate(limit_count=Count("limits"))
    table_class = tables.ProductCategoryTable
    url_prefix = "enforcement:category"
    export_name = "product-categories"
    help_text = gettext_lazy(
        "Kinds of product that sampling covers. A sample is judged by the limits of its category and of the "
        "category above it."
    )


class LimitListView(generic.ObjectListView):
    queryset = ContentLimit.objects.select_related("category").prefetch_related("substances")
    filterset_class = filtersets.ContentLimitFilterSet
    table_class = tables.ContentLimitTable
    url_prefix = "enforcement:limit"
    export_name = "content-limits"
    help_text = gettext_lazy(
        "Content and migration limits of Chinese product standards, each with its standard and source. A sum "
        "limit applies to the total of its substances. Rows not verified have not yet been checked against the "
        "standard; rows not applied (no numeric limit, no linked substance, a draft) are notes."
    )


class LimitDetailView(generic.ObjectDetailView):
    queryset = ContentLimit.objects.select_related("category").prefetch_related("substances")
    url_prefix = "enforcement:limit"
    template_name = "enforcement/products/limit_detail.html"
    fields = ("category", "substance_text", "basis", "measurement", "limit_value", "unit", "basis_text", "standard",
              "standard_title", "verified", "active", "source", "note", "key")  # fmt: skip


# --- samples --------------------------------------------------------------------------------------
class ProductSampleListView(generic.ObjectListView):
    queryset = ProductSample.objects.select_related("category", "district", "department").annotate(
        result_count=Count("results", distinct=True),
        fail_count=Count("results", filter=Q(results__verdict=Verdict.FAIL), distinct=True),
    )
    filterset_class = filtersets.ProductSampleFilterSet
    table_class = tables.ProductSampleTable
    url_prefix = "enforcement:product_sample"
    export_name = "product-samples"
    help_text = gettext_lazy(
        "Products sampled for new pollutants (toys, student supplies, infant products, electronics …). A sample "
        "fails when a result exceeds a limit of its category."
    )

    def base_context(self) -> dict[str, Any]:
        # Samples are registered one by one; what comes in files is the lab's results.
        context = super().base_context()
        may_import = can(self.request.user, ProductResult, "add")
        context["import_url"] = reverse("enforcement:product_result_import") if may_import else None
        return context


class ProductSampleDetailView(generic.ObjectDetailView):
    queryset = ProductSample.objects.select_related("category__parent", "district", "department", "producer")
    url_prefix = "enforcement:product_sample"
    template_name = "enforcement/products/sample_detail.html"
    fields = ("code", "category", "product_name", "brand", "model_number", "batch_number", "producer",
              "producer_name", "seller_name", "place", "district", "sampled_on", "department", "verdict",
              "note")  # fmt: skip

    def extra_context(self, obj: ProductSample) -> dict[str, Any]:
        user = self.request.user
        results = (
            ProductResult.objects.restrict(user, "view")
            .filter(sample=obj)
            .select_related("substance", "limit")
            .prefetch_related("limit__substances")
            .order_by("substance__name_zh", "pk")
        )
        keys = [f"product:{pk}" for pk in results.values_list("pk", flat=True)]
        may_change = self.restricted("change").filter(pk=obj.pk).exists()
        return {
            "results": results, "limits": selectors.category_limits(category=obj.category),
            "findings": finding_list(user=user, keys=keys),
            "result_add_url": reverse("enforcement:product_result_add", args=[obj.pk]) if may_change else None,
            "results_url": reverse("enforcement:product_result_list") + f"?sample={obj.code}",
        }  # fmt: skip


class ProductSampleEditView(ServiceEditView):
    queryset = ProductSample.objects.all()
    form_class = forms.ProductSampleForm
    url_prefix = "enforcement:product_sample"

    def after_save(self, obj: ProductSample) -> None:
        services.product_sample_saved(sample=obj)


# --- results --------------------------------------------------------------------------------------
class ProductResultListView(generic.ObjectListView):
    queryset = ProductResult.objects.select_related("sample__category", "substance")
    filterset_class = filtersets.ProductResultFilterSet
    table_class = tables.ProductResultTable
    url_prefix = "enforcement:product_result"
    export_name = "product-results"
    help_text = gettext_lazy(
        "Every test result with its verdict, the value compared (the sum, for a sum limit), the limit applied "
        "and its standard. A limit not verified is marked: check it before acting on the verdict."
    )


class ProductResultAddView(View):
    """Record (or correct) one result of a sample; the sample is judged again at once."""

    template_name = "enforcement/products/result_form.html"

    def sample(self, pk: int) -> ProductSample:
        return generic.object_or_404(ProductSample.objects.select_related("category"), self.request.user, "change", pk)

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        return self.render_page(self.sample(pk), forms.ProductResultForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        sample = self.sample(pk)
        form = forms.ProductResultForm(data=request.POST)
        if not form.is_valid():
            return self.render_page(sample, form, status=400)
        data = form.cleaned_data
        try:
            result = services.product_result_save(
                sample=sample, user=request.user, substance=data["substance"], measurement=data["measurement"],
                value=data["value"], unit=data["unit"], lab=data["lab"], method=data["method"],
            )  # fmt: skip
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, messages_ in errors.items():
                form.add_error(field if field in form.fields else None, messages_)
            return self.render_page(sample, form, status=400)
        messages.success(request, _("Saved: %(result)s — %(verdict)s.")
                         % {"result": result, "verdict": result.get_verdict_display()})  # fmt: skip
        return redirect(sample.get_absolute_url())

    def render_page(self, sample: ProductSample, form: forms.ProductResultForm, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, {"sample": sample, "form": form}, status=status)


class ProductResultImportView(View):
    """Upload a lab's result file: every row is checked, nothing is saved unless all are valid."""

    template_name = "enforcement/products/result_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, ProductResult, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: SignedInRequest) -> HttpResponse:
        kind = request.GET.get("template", "")
        # Lists, not generators: the column titles are translated now, in the request's language.
        if kind == "csv":
            return csv_response(list(importers.results_template_rows()), "product-results-template")
        if kind == "xlsx":
            sheets = [
                (_("data"), list(importers.results_template_rows())),
                (_("help"), list(importers.results_help_rows())),
            ]
            return xlsx_response(sheets, "product-results-template")
        if kind:
            raise Http404
        return self.render_page(forms.ProductResultUploadForm())

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = forms.ProductResultUploadForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_page(form, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        if importers.ASYNC_ROWS < estimate_rows(data, upload.name) <= importers.RESULT_LIMITS.max_rows:
            # Checked and written by a job: the request answers at once, the job page shows progress and outcome.
            # (A file over the row cap is refused below at its first row too many, before anything is written.)
            try:
                check_upload(data, upload.name, importers.RESULT_LIMITS)
                check_upload_allowance(request.user, IMPORT_THROTTLE, per_hour=30, concurrent_jobs=1)
            except UploadRefused as exc:
                return self.render_page(form, result=file_error("too_large", str(exc)), status=400)
            except UploadNotAllowed as exc:
                response = self.render_page(form, result=file_error("throttled", exc.message), status=429)
                response["Retry-After"] = str(exc.retry_after)
                return response
            return redirect(self.start_job(data, upload.name).get_absolute_url())
        result = importers.product_results_import(data=data, filename=upload.name, user=request.user)
        if not result.ok:
            return self.render_page(form, result=result, status=400)
        messages.success(request, _("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
                         % {"rows": result.rows, "created": result.created, "updated": result.updated})  # fmt: skip
        return redirect(reverse("enforcement:product_result_list") + f"?batch={result.batch.pk}")

    def start_job(self, data: bytes, filename: str) -> Job:
        folder = settings.MEDIA_ROOT / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{file_sha256(data)}{PurePath(filename).suffix.lower()}"
        path.write_bytes(data)
        params = {"path": str(path), "filename": filename, **throttle_params(IMPORT_THROTTLE)}
        return job_enqueue(task=product_results_import_task, user=self.request.user, params=params,
                           name=_("Import %(file)s into product test results") % {"file": filename})  # fmt: skip

    def render_page(self, form: Any, result: Any = None, status: int = 200) -> HttpResponse:
        batches = ImportBatch.objects.restrict(self.request.user, "view").filter(target=importers.RESULTS_TARGET)[:5]
        context = {"form": form, "result": result, "columns": list(importers.results_help_rows())[1:],
                   "batches": batches, "limits": importers.RESULT_LIMITS.describe(),
                   "async_rows": importers.ASYNC_ROWS}  # fmt: skip
        return render(self.request, self.template_name, context, status=status)


IMPORT_THROTTLE = "enforcement.product_results"


# --- trends ---------------------------------------------------------------------------------------
def product_trends(request: SignedInRequest) -> HttpResponse:
    """Share of failing samples by top-level category and year or quarter, for officials."""
    user = request.user
    if not can(user, ProductSample, "view") or user.role in (Role.ENTERPRISE, Role.EXPERT):
        raise PermissionDenied
    by = request.GET.get("by", "year")
    by = by if by in selectors.TREND_PERIODS else "year"
    filterset = filtersets.ProductSampleFilterSet(
        request.GET or None, queryset=ProductSample.objects.restrict(user, "view"), request=request
    )
    samples = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    data = selectors.sampling_trends(samples=samples, by=by, total_label=_("All categories"))
    if request.GET.get("export") == "csv":
        header = [_("product category"), _("period"), _("samples judged"), _("failing"), _("share failing (%)")]
        rows = [[str(r["category"]), r["period"], r["n"], r["failing"], r["share"]] for r in data["rows"]]
        return csv_response([header, *rows], "product-sampling-trends")
    chart = {"periods": data["periods"], "series": data["series"]}
    return render(request, "enforcement/products/trends.html",
                  {"data": data, "chart": chart, "by": by, "filterset": filterset})  # fmt: skip
