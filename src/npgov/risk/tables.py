from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from npgov.core.templatetags.provenance import provenance_html
from npgov.risk.labels import MEC_STATISTIC_LABELS
from npgov.risk.models import AssessmentRun, EcotoxEndpoint, HazardDatum, Pnec, PriorityDraft


class PnecTable(tables.Table):
    substance = tables.Column(linkify=True)
    basis = tables.Column(attrs={"td": {"lang": "en"}})  # the basis as its source words it (EU AA-EQS, …)
    edit = tables.LinkColumn("risk:pnec_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = Pnec
        fields = ("substance", "compartment", "value", "unit", "value_ng_l", "basis", "verified", "source")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_source(self, value: str) -> str:
        return provenance_html(value)


class RunTable(tables.Table):
    title = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = AssessmentRun
        fields = ("title", "created_at", "kind", "compartment", "mec_statistic", "status", "digest")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_mec_statistic(self, value: str) -> str:
        return str(MEC_STATISTIC_LABELS.get(value, value))


class HazardDatumTable(tables.Table):
    substance = tables.Column(linkify=lambda record: reverse("risk:hazard_profile", args=[record.substance_id]))
    value = tables.Column(empty_values=())
    edit = tables.LinkColumn("risk:hazard_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = HazardDatum
        fields = ("substance", "property", "value", "unit", "kind", "reliability", "verified", "source")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_value(self, record: HazardDatum) -> str:
        if record.value is not None:
            return f"{record.value:g}"
        if record.text in ("yes", "no"):  # a yes/no property (endocrine disruptor) stored as a word
            return gettext("yes") if record.text == "yes" else gettext("no")
        return format_html('<span lang="en">{}</span>', record.text)  # a CLP classification, written in English

    def render_source(self, value: str) -> str:
        return provenance_html(value)


class EndpointTable(tables.Table):
    substance = tables.Column(linkify=lambda record: reverse("risk:hazard_profile", args=[record.substance_id]))
    species = tables.Column(attrs={"td": {"lang": "la"}})  # a Latin binomial, written as biologists write it
    edit = tables.LinkColumn("risk:endpoint_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = EcotoxEndpoint
        fields = ("substance", "species", "trophic_level", "duration", "endpoint", "exposure_days", "value_mg_l",
                  "reliability", "verified", "source")  # fmt: skip
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_source(self, value: str) -> str:
        return provenance_html(value)


class PriorityDraftTable(tables.Table):
    title = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = PriorityDraft
        fields = ("title", "district", "year", "status", "run", "published_list", "created_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
