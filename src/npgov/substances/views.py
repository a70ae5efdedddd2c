"""Pages of the substance registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from npgov.core.importers import ImportSpec, register_import
from npgov.core.views import generic
from npgov.science.chemistry import depict_svg, parse_mol
from npgov.substances.filtersets import SubstanceFilterSet
from npgov.substances.forms import SubstanceForm, SubstancePropertyForm
from npgov.substances.models import Substance, SubstanceProperty, cas_or_text
from npgov.substances.selectors import substance_search
from npgov.substances.tables import SubstanceTable

SUBSTANCE_IMPORT = register_import(
    ImportSpec(
        key="substances",
        model=Substance,
        form_class=SubstanceForm,
        key_field="cas",
        key_normaliser=cas_or_text,
        example={"cas": "108-88-3", "name_zh": "甲苯", "name_en": "toluene", "kind": "single", "smiles": "Cc1ccccc1"},
    )
)


PROPERTY_IMPORT = register_import(
    ImportSpec(
        key="substance-properties",
        model=SubstanceProperty,
        form_class=SubstancePropertyForm,
        key_field="",  # property rows have no natural key: every row adds a value
        example={"substance": "75-09-2", "name": "log_kow", "qualifier": "=", "value": "1.25", "unit": "",
                 "basis": "experimental", "reliability": "2", "source": "OECD SIDS dichloromethane"},
    )
)  # fmt: skip


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


def substance_suggest(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for an identifier field's datalist (HTMX): up to ten matches.

    The text comes as ``q``, or as ``identifier`` when HTMX sends the survey form's field itself.
    """
    text = (request.GET.get("q") or request.GET.get("identifier") or "").strip()
    matches = (
        substance_search(queryset=Substance.objects.restrict(request.user, "view"), text=text)[:10]
        if len(text) >= 2
        else []
    )
    return render(request, "substances/partials/suggestions.html", {"substances": matches})
