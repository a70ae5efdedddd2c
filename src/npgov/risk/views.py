"""Pages of the risk work: PNECs with their sources, and the three-highs screening."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exports import csv_response
from npgov.core.services.jobs import job_enqueue
from npgov.core.views import generic
from npgov.risk import filtersets, forms, tables
from npgov.risk.models import AssessmentRun, Pnec
from npgov.risk.runs import compare, compute, digest_of
from npgov.risk.selectors import three_highs
from npgov.risk.tasks import assessment_run_task


class PnecListView(generic.ObjectListView):
    queryset = Pnec.objects.select_related("substance")
    filterset_class = filtersets.PnecFilterSet
    table_class = tables.PnecTable
    url_prefix = "risk:pnec"
    export_name = "pnecs"
    help_text = gettext_lazy(
        "Predicted no-effect concentrations and quality standards with their basis and source; values recalled "
        "rather than read from the source are marked unverified. Where sources disagree, every value is kept."
    )


def _number(raw: str, default: float) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return value if value >= 0 else default


def screening(request: HttpRequest) -> HttpResponse:
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
        header = [_("substance"), "CAS", _("high concern"), _("lists"), _("high volume"), _("t/a"), _("enterprises"),
                  _("high detection"), _("detection frequency"), _("results"), _("sites")]  # fmt: skip
        body = [[r.substance.name_zh, r.substance.cas or "", r.high_concern, "；".join(r.concern), r.high_volume,
                 r.volume_t, r.volume_enterprises, r.high_detection, r.detection_frequency, r.results, r.sites]
                for r in rows]  # fmt: skip
        return csv_response([header, *body], "three-highs")
    context = {"rows": rows, "volume": volume, "detection": detection, "flags": minimum}
    return render(request, "risk/screening.html", context)


# --- assessment runs ------------------------------------------------------------------------------
class RunListView(generic.ObjectListView):
    queryset = AssessmentRun.objects.all()
    table_class = tables.RunTable
    url_prefix = "risk:run"
    export_name = "risk-runs"
    help_text = gettext_lazy(
        "Ecological risk assessments over the monitoring data: risk quotients per site and substance and a NORMAN-"
        "style ranking, each run keeping its parameters, the data it read and a digest of its results."
    )


def run_add(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = form.save(commit=False)
        run.created_by = request.user
        run.save()
        job = job_enqueue(task=assessment_run_task, user=request.user, name=_("Risk assessment: %(title)s")
                          % {"title": run.title}, params={"run": run.pk})  # fmt: skip
        return redirect(job.get_absolute_url())
    return render(request, "risk/run_form.html", {"form": form}, status=400 if form.errors else 200)


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = generic.object_or_404(AssessmentRun.objects.all(), request.user, "view", pk)
    substances = run.results.get("substances", [])
    sites = sorted(run.results.get("sites", []), key=lambda r: -(r.get("rq") or 0))
    if request.GET.get("export") == "csv":
        header = ["cas", "name", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score",
                  "extent_score", "risk_score", "category"]  # fmt: skip
        return csv_response([header, *[[p.get(k) for k in header] for p in substances]], f"risk-run-{run.pk}")
    other = None
    raw = request.GET.get("compare", "")
    if raw.isdigit():
        other = AssessmentRun.objects.restrict(request.user, "view").filter(pk=int(raw)).first()
    context = {"run": run, "substances": substances, "sites": sites[:300], "site_count": len(sites),
               "comparison": compare(run, other) if other else None, "other": other,
               "runs": AssessmentRun.objects.restrict(request.user, "view").exclude(pk=run.pk)[:20],
               "reproduced": _reproduced(run) if request.GET.get("check") else None}  # fmt: skip
    return render(request, "risk/run_detail.html", context)


def _reproduced(run: AssessmentRun) -> bool:
    """Whether computing the run again over today's data gives the same results (same digest)."""
    return digest_of(compute(run)["results"]) == run.digest
