"""Pages of the risk work: PNECs with their sources, and the three-highs screening."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exports import csv_response
from npgov.core.views import generic
from npgov.risk import filtersets, tables
from npgov.risk.models import Pnec
from npgov.risk.selectors import three_highs


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
