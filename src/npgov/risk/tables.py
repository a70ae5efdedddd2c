from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse

from npgov.risk.models import AssessmentRun, EcotoxEndpoint, HazardDatum, Pnec, PriorityDraft


class PnecTable(tables.Table):
    substance = tables.Column(linkify=True)
    edit = tables.LinkColumn("risk:pnec_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = Pnec
        fields = ("substance", "compartment", "value", "unit", "value_ng_l", "basis", "verified", "source")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_source(self, value: str) -> str:
        return value if len(value) < 90 else value[:87] + "…"


class RunTable(tables.Table):
    title = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = AssessmentRun
        fields = ("title", "created_at", "kind", "compartment", "mec_statistic", "status", "digest")
        attrs = {"class": "table table-sm table-hover align-middle"}


class HazardDatumTable(tables.Table):
    substance = tables.Column(linkify=lambda record: reverse("risk:hazard_profile", args=[record.substance_id]))
    value = tables.Column(empty_values=())
    edit = tables.LinkColumn("risk:hazard_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = HazardDatum
        fields = ("substance", "property", "value", "unit", "kind", "reliability", "verified", "source")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_value(self, record: HazardDatum) -> str:
        return record.text if record.value is None else f"{record.value:g}"

    def render_source(self, value: str) -> str:
        return value if len(value) < 90 else value[:87] + "…"


class EndpointTable(tables.Table):
    substance = tables.Column(linkify=lambda record: reverse("risk:hazard_profile", args=[record.substance_id]))
    edit = tables.LinkColumn("risk:endpoint_edit", args=[tables.A("pk")], text="✎", orderable=False, verbose_name="")

    class Meta:
        model = EcotoxEndpoint
        fields = ("substance", "species", "trophic_level", "duration", "endpoint", "exposure_days", "value_mg_l",
                  "reliability", "verified", "source")  # fmt: skip
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_source(self, value: str) -> str:
        return value if len(value) < 90 else value[:87] + "…"


class PriorityDraftTable(tables.Table):
    title = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = PriorityDraft
        fields = ("title", "district", "year", "status", "run", "published_list", "created_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
