"""Pages of the risk work: PNECs with their sources, and the three-highs screening."""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exports import csv_response, xlsx_response
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.core.views.generic import PER_PAGE_CHOICES
from npgov.monitoring.choices import CANONICAL_UNIT
from npgov.monitoring.selectors import compartment_matrix, sites_by_pk
from npgov.risk import filtersets, forms, import_specs, tables
from npgov.risk.labels import RQ_CATEGORY_LABELS
from npgov.risk.models import AssessmentRun, Pnec, RunResultRow
from npgov.risk.reports import run_workbook
from npgov.risk.results import ESTIMATES, section_count, section_iter, section_rows, sections_of
from npgov.risk.runs import compare
from npgov.risk.selectors import three_highs
from npgov.risk.services import run_check_start, run_checked, run_start
from npgov.substances.selectors import substance_list


class PnecListView(generic.ObjectListView):
    queryset = Pnec.objects.select_related("substance")
    filterset_class = filtersets.PnecFilterSet
    table_class = tables.PnecTable
    url_prefix = "risk:pnec"
    export_name = "pnecs"
    help_text = gettext_lazy(
        "Predicted no-effect concentrations and quality standards (fresh water, marine water, sediment) with their "
        "basis and source; values not yet checked against their source are marked unverified. Where sources "
        "disagree, every value is kept; runs use the lowest. Add them one by one, import them, or derive one from "
        "ecotoxicity endpoints on a substance's hazard profile."
    )


def _number(raw: str, default: float) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return value if value >= 0 else default


def screening(request: SignedInRequest) -> HttpResponse:
    """The three highs: high concern, high volume, high detection, each with the evidence behind the flag."""
    if not (request.user.is_superuser or request.user.role in (*ALL_ACCESS_ROLES, Role.DEPARTMENT)):
        raise PermissionDenied  # the volumes sum individual enterprises' reports
    volume = _number(request.GET.get("volume", ""), 100.0)
    detection = _number(request.GET.get("detection", ""), 50.0)
    only = request.GET.get("flags", "1")
    rows = three_highs(volume_threshold_t=volume, detection_threshold=detection / 100)
    minimum = int(only) if only in ("0", "1", "2", "3") else 1
    rows = [r for r in rows if r.flags >= minimum]
    if request.GET.get("export") == "csv":
        header = [_("substance"), "CAS", _("high concern"), _("lists"), _("hazard"), _("high volume"), _("t/a"),
                  _("enterprises"), _("high detection"), _("detection frequency"), _("results"),
                  _("sites")]  # fmt: skip
        body = [[r.substance.name_zh, r.substance.cas or "", r.high_concern, "；".join(r.concern), "；".join(r.hazard),
                 r.high_volume, r.volume_t, r.volume_enterprises, r.high_detection, r.detection_frequency, r.results,
                 r.sites] for r in rows]  # fmt: skip
        return csv_response([header, *body], "three-highs")
    # One page of rows (25 by default, as every list): the page showed every substance at once (7,000 px).
    raw_size = request.GET.get("per_page", "")
    offered = raw_size.isascii() and raw_size.isdigit() and int(raw_size) in PER_PAGE_CHOICES
    per_page = int(raw_size) if offered else PER_PAGE_CHOICES[0]
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    context = {"rows": page.object_list, "page": page, "per_page": per_page, "per_page_choices": PER_PAGE_CHOICES,
               "total": len(rows), "volume": volume, "detection": detection, "flags": minimum}  # fmt: skip
    return render(request, "risk/screening.html", context)


class PnecEditView(generic.ObjectEditView):
    queryset = Pnec.objects.all()
    form_class = forms.PnecForm
    url_prefix = "risk:pnec"


class PnecImportView(generic.BulkImportView):
    queryset = Pnec.objects.all()
    url_prefix = "risk:pnec"
    spec = import_specs.PNEC_IMPORT


# --- assessment runs ------------------------------------------------------------------------------
class RunListView(generic.ObjectListView):
    queryset = AssessmentRun.objects.defer("inputs", "exposure")  # the results are rows elsewhere
    table_class = tables.RunTable
    url_prefix = "risk:run"
    export_name = "risk-runs"
    help_text = gettext_lazy(
        "Ecological risk assessments over the monitoring data: risk quotients per site and substance and a NORMAN-"
        "style ranking, each run keeping its parameters, the data it read and a digest of its results."
    )


def run_add(request: SignedInRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = run_start(run=form.save(commit=False), user=request.user)
        return redirect(job.get_absolute_url())
    return render(request, "risk/run_form.html", {"form": form}, status=400 if form.errors else 200)


def run_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    run = generic.object_or_404(AssessmentRun.objects.all(), request.user, "view", pk)
    if request.method == "POST":
        if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
            raise PermissionDenied  # who starts runs may re-run one
        # Re-running is a job (a 10-million-result run takes a minute); its page links back with ?check=<job>.
        if request.POST.get("action") != "check" or run.status != AssessmentRun.Status.DONE:
            return redirect(run.get_absolute_url())
        return redirect(run_check_start(run=run, user=request.user).get_absolute_url())
    export = request.GET.get("export")
    if export == "xlsx":
        return xlsx_response(run_workbook(run), f"risk-run-{run.pk}")
    if run.kind == AssessmentRun.Kind.HEALTH:
        return _health_detail(request, run)
    substances = section_rows(run, "substances")  # the ranking: one row per substance
    if export == "csv":
        header = ["cas", "name", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score",
                  "extent_score", "risk_score", "category"]  # fmt: skip
        return csv_response([header, *[[p.get(k) for k in header] for p in substances]], f"risk-run-{run.pk}")
    printing = bool(request.GET.get("print"))
    # Highest RQ first by the index: the page shows 300; the report prints the high and cannot-conclude rows, at
    # most PRINTED_ROWS of them (the Excel export holds every row).
    if printing:
        sites = section_rows(run, "sites", by_score=True, categories=PRINTED_CATEGORIES, limit=PRINTED_ROWS)
    else:
        sites = section_rows(run, "sites", by_score=True, limit=SITE_ROWS_SHOWN)
    other = None
    raw = request.GET.get("compare", "")
    if raw.isdigit():
        other = AssessmentRun.objects.restrict(request.user, "view").filter(pk=int(raw)).first()
    if any(not p.get("substance_id") for p in substances):  # runs before substance ids were recorded
        substance_ids = _substance_ids(run)
        for p in substances:
            p["substance_id"] = p.get("substance_id") or substance_ids.get(p["cas"])
    for p in substances:
        p["pnec"] = run.inputs.get("pnecs", {}).get(p["cas"], {})
    estimates = section_rows(run, ESTIMATES) if ESTIMATES in sections_of(run) else None
    context = {"run": run, "unit": _unit(run), "substances": substances, "sites": sites,
               "site_count": section_count(run, "sites"), "estimates": estimates,
               "estimates_inputs": run.inputs.get(ESTIMATES),
               "estimated_only": [r for r in estimates or [] if not r.get("measured")],
               "estimated_and_measured": [r for r in estimates or [] if r.get("measured")],
               "comparison": compare(run, other) if other else None, "other": other,
               "runs": AssessmentRun.objects.restrict(request.user, "view").filter(kind=run.kind)
               .exclude(pk=run.pk).defer("inputs", "exposure")[:20],
               "reproduced": _checked(request, run),
               "may_draft": request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES,
               "template": "risk/run_print.html" if printing else "risk/run_detail.html"}  # fmt: skip
    return render(request, context["template"], context)


SITE_ROWS_SHOWN = 300
PRINTED_CATEGORIES = ("high", "cannot conclude")  # the rows the printed report lists (run_print.html)
PRINTED_ROWS = 2000


def _substance_ids(run: AssessmentRun) -> dict[str, int]:
    """CAS RN → substance id from the run's site rows (one row per substance)."""
    firsts = (RunResultRow.objects.filter(run=run, section="sites", substance_id__isnull=False)
              .values("substance_id").annotate(first=Min("position")).values_list("first", flat=True))  # fmt: skip
    rows = RunResultRow.objects.filter(run=run, section="sites", position__in=list(firsts))
    return {data["cas"]: row_substance for row_substance, data in rows.values_list("substance_id", "data")
            if row_substance is not None}


def _checked(request: SignedInRequest, run: AssessmentRun) -> bool | None:
    """The outcome of the re-run job named by ``?check=<job id>`` (never a computation inside the request)."""
    raw = request.GET.get("check", "")
    return run_checked(run=run, job_id=int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def _unit(run: AssessmentRun) -> str:
    """The unit of the run's MECs and PNECs: that of the monitoring matrix it reads."""
    return CANONICAL_UNIT[compartment_matrix(run.compartment)]


def _health_detail(request: SignedInRequest, run: AssessmentRun) -> HttpResponse:
    if request.GET.get("export") == "csv":
        header = ["site", "cas", "name", "n", "c_ng_l", "statistic", "upper_bound", "hq_adult", "hq_child",
                  "cr_adult", "cr_child"]  # fmt: skip
        body = ([r.get(k) for k in header] for r in section_iter(run, "rows"))  # streamed in batches
        return csv_response(chain([header], body), f"health-run-{run.pk}")
    context = {"run": run, "rows": section_rows(run, "rows", limit=HEALTH_ROWS_SHOWN),
               "row_count": section_count(run, "rows"), "sites": section_rows(run, "sites", by_score=True),
               "reproduced": _checked(request, run),
               "may_draft": request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES}  # fmt: skip
    return render(request, "risk/run_health.html", context)


HEALTH_ROWS_SHOWN = 500


def run_map(request: SignedInRequest, pk: int) -> HttpResponse:
    """Sites on a map, coloured by their worst RQ category (ecological) or by HI and cancer risk (health)."""
    run = generic.object_or_404(AssessmentRun.objects.all(), request.user, "view", pk)
    site_ids = RunResultRow.objects.filter(run=run, section="sites").values_list("site_id", flat=True).distinct()
    coordinates = sites_by_pk(pks={pk for pk in site_ids if pk is not None})
    order = {"high": 3, "cannot conclude": 2, "medium": 1, "low": 0}
    points: dict[int, dict] = {}
    for r in section_iter(run, "sites"):
        site = coordinates.get(r["site_id"])
        if site is None:
            continue
        point = points.setdefault(site.pk, {"code": site.code, "name": site.name, "lat": site.latitude,
                                            "lon": site.longitude, "category": "low", "max_rq": 0.0, "high": [],
                                            "url": site.get_absolute_url()})  # fmt: skip
        if run.kind == AssessmentRun.Kind.HEALTH:
            point["category"] = ("high" if r.get("concern") else "cannot conclude" if r.get("cannot_conclude")
                                 else "low")  # fmt: skip
            point["max_rq"] = max(r.get("hi_child") or 0, r.get("hi_adult") or 0)
            point["cancer_risk"] = max(r.get("cr_child") or 0, r.get("cr_adult") or 0)
            continue
        if order[r["category"]] > order[point["category"]]:
            point["category"] = r["category"]
        if r.get("rq") is not None and not r.get("rq_is_upper_bound"):
            point["max_rq"] = max(point["max_rq"], r["rq"])
        if r["category"] == "high":
            point["high"].append(r["cas"])
        # per substance: [category, RQ or None, RQ is an upper bound] for the substance picker
        point.setdefault("by_substance", {})[r["cas"]] = [r["category"], r.get("rq"), bool(r.get("rq_is_upper_bound"))]
    for point in points.values():
        point["label"] = str(RQ_CATEGORY_LABELS[point["category"]])
    ranking = section_rows(run, "substances")  # the run's priority ranking, highest first
    names = {p["cas"]: p.get("name") or "" for p in ranking}
    rank = {p["cas"]: i for i, p in enumerate(ranking)}
    assessed = sorted({cas for point in points.values() for cas in point.get("by_substance", {})},
                      key=lambda cas: (rank.get(cas, len(rank)), cas))  # fmt: skip
    map_substances = [{"cas": cas, "label": f"{names[cas]} ({cas})" if names.get(cas) else cas} for cas in assessed]
    category_labels = {key: str(label) for key, label in RQ_CATEGORY_LABELS.items()}
    context = {"run": run, "points": list(points.values()), "tile_url": settings.MAP_TILE_URL,
               "tile_attribution": settings.MAP_TILE_ATTRIBUTION, "map_substances": map_substances,
               "category_labels": category_labels}  # fmt: skip
    return render(request, "risk/run_map.html", context)


def run_substance(request: SignedInRequest, pk: int, substance_pk: int) -> HttpResponse:
    """One substance in one run: which data and PNEC produced each site's RQ, with a chart."""
    run = generic.object_or_404(AssessmentRun.objects.filter(kind=AssessmentRun.Kind.ECOLOGICAL), request.user,
                                "view", pk)  # fmt: skip
    substance = generic.object_or_404(substance_list(), request.user, "view", substance_pk)
    rows = section_rows(run, "sites", by_score=True, substance_id=substance.pk)  # this substance's rows only
    cas = substance.cas or str(substance.pk)
    priority = next((p for p in section_rows(run, "substances") if p["cas"] == cas), None)
    pnec_input = run.inputs.get("pnecs", {}).get(cas)
    pnec = Pnec.objects.filter(pk=pnec_input["id"]).first() if pnec_input else None
    chart = [{"site": r["site"], "rq": r.get("rq"), "upper": r.get("rq_is_upper_bound", False),
              "category": r["category"]} for r in rows]  # fmt: skip
    context = {"run": run, "unit": _unit(run), "substance": substance, "rows": rows, "priority": priority, "pnec": pnec,
               "pnec_input": pnec_input, "chart": chart, "n_results": sum(r["n"] for r in rows),
               "n_detects": sum(r["detects"] for r in rows)}  # fmt: skip
    return render(request, "risk/run_substance.html", context)
