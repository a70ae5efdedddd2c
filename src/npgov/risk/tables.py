from __future__ import annotations

import django_tables2 as tables

from npgov.risk.models import AssessmentRun, Pnec


class PnecTable(tables.Table):
    substance = tables.Column(linkify=True)

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
        fields = ("title", "created_at", "compartment", "mec_statistic", "status", "digest")
        attrs = {"class": "table table-sm table-hover align-middle"}
