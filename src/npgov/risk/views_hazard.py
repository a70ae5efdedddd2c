"""Pages of the hazard data: properties and ecotoxicity endpoints with provenance, and a substance's hazard profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.core.permissions import can
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.risk import filtersets, forms, import_specs, tables
from npgov.risk.hazard_data import hazard_profile, pnec_adopt
from npgov.risk.models import EcotoxEndpoint, HazardDatum, Pnec
from npgov.substances.selectors import substance_list, substance_visible


class HazardListView(generic.ObjectListView):
    queryset = HazardDatum.objects.select_related("substance")
    filterset_class = filtersets.HazardDatumFilterSet
    table_class = tables.HazardDatumTable
    url_prefix = "risk:hazard"
    export_name = "hazard-data"
    help_text = gettext_lazy(
        "Degradation half-lives, BCF, log Kow, classifications, oral reference doses and slope factors, each with its "
        "kind, source and Klimisch reliability. The PBT screening uses reliable data (Klimisch 1–2) only, the most "
        "protective value of each property; values not checked against their source are marked unverified."
    )


class HazardEditView(generic.ObjectEditView):
    queryset = HazardDatum.objects.all()
    form_class = forms.HazardDatumForm
    url_prefix = "risk:hazard"


class HazardImportView(generic.BulkImportView):
    queryset = HazardDatum.objects.all()
    url_prefix = "risk:hazard"
    spec = import_specs.HAZARD_IMPORT


class EndpointListView(generic.ObjectListView):
    queryset = EcotoxEndpoint.objects.select_related("substance")
    filterset_class = filtersets.EndpointFilterSet
    table_class = tables.EndpointTable
    url_prefix = "risk:endpoint"
    export_name = "ecotox-endpoints"
    help_text = gettext_lazy(
        "Aquatic ecotoxicity results (short-term L(E)C50, long-term NOEC/EC10) by species and trophic level: the "
        "inputs of a PNEC derived with the assessment factors of the EU Technical Guidance Document."
    )


class EndpointEditView(generic.ObjectEditView):
    queryset = EcotoxEndpoint.objects.all()
    form_class = forms.EcotoxEndpointForm
    url_prefix = "risk:endpoint"


class EndpointImportView(generic.BulkImportView):
    queryset = EcotoxEndpoint.objects.all()
    url_prefix = "risk:endpoint"
    spec = import_specs.ENDPOINT_IMPORT


def hazard_profile_view(request: SignedInRequest, substance_pk: int) -> HttpResponse:
    substance = get_object_or_404(substance_visible(user=request.user), pk=substance_pk)
    profile = hazard_profile(substance)
    criteria = [(name, profile.pbt[name]) for name in ("P", "vP", "B", "vB", "T")]
    context = {"substance": substance, "profile": profile, "criteria": criteria,
               "may_adopt": can(request.user, Pnec, "add") and profile.derivation["pnec"] is not None}  # fmt: skip
    return render(request, "risk/hazard_profile.html", context)


@require_POST
def pnec_adopt_view(request: SignedInRequest, substance_pk: int) -> HttpResponse:
    if not can(request.user, Pnec, "add"):
        raise PermissionDenied
    substance = get_object_or_404(substance_list(), pk=substance_pk)
    try:
        pnec = pnec_adopt(substance=substance, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("PNEC %(value)g µg/L stored with its derivation.") % {"value": pnec.value})
    return redirect("risk:hazard_profile", substance_pk=substance.pk)
