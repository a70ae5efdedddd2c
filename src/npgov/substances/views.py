"""Pages of the substance registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.science.chemistry import depict_svg, parse_mol
from npgov.science.identifiers import fold_identifier
from npgov.substances.filtersets import SubstanceFilterSet
from npgov.substances.forms import SubstanceForm
from npgov.substances.import_specs import PROPERTY_IMPORT, SUBSTANCE_IMPORT
from npgov.substances.models import Substance, SubstanceProperty
from npgov.substances.selectors import substance_search
from npgov.substances.tables import SubstanceTable


class SubstanceListView(generic.ObjectListView):
    queryset = Substance.objects.all()
    filterset_class = SubstanceFilterSet
    table_class = SubstanceTable
    url_prefix = "substances:substance"
    export_name = "substances"
    help_text = _("Search by CAS RN, Chinese or English name, synonym, formula or InChIKey.")


class SubstanceDetailView(generic.ObjectDetailView):
    queryset = Substance.objects.prefetch_related("properties")
    url_prefix = "substances:substance"
    template_name = "substances/substance_detail.html"
    fields = (
        "cas",
        "ec_number",
        "name_zh",
        "name_en",
        "kind",
        "formula",
        "molecular_weight",
        "canonical_smiles",
        "inchikey",
        "parent_smiles",
        "parent_inchikey",
        "source",
        "verified",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        svg = mark_safe(depict_svg(parse_mol(obj.canonical_smiles))) if obj.canonical_smiles else None  # noqa: S308  (RDKit output)
        return {"structure_svg": svg, "synonyms": obj.synonym_list(), "properties": obj.properties.all()}


class SubstanceEditView(generic.ObjectEditView):
    queryset = Substance.objects.all()
    form_class = SubstanceForm
    url_prefix = "substances:substance"


class SubstanceImportView(generic.BulkImportView):
    queryset = Substance.objects.all()
    url_prefix = "substances:substance"
    spec = SUBSTANCE_IMPORT


class SubstancePropertyImportView(generic.BulkImportView):
    queryset = SubstanceProperty.objects.all()
    url_prefix = "substances:property"
    list_url_name = "substances:substance_list"
    spec = PROPERTY_IMPORT


def substance_suggest(request: SignedInRequest) -> HttpResponse:
    """``<option>`` elements for an identifier field's datalist (HTMX): up to ten matches.

    The text comes as ``q``, or as ``identifier`` when HTMX sends the survey form's field itself.
    """
    text = fold_identifier(request.GET.get("q") or request.GET.get("identifier") or "")[:200]
    matches = (
        substance_search(queryset=Substance.objects.restrict(request.user, "view"), text=text)[:10]
        if len(text) >= 2
        else []
    )
    return render(request, "substances/partials/suggestions.html", {"substances": matches})
