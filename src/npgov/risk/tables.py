from __future__ import annotations

import django_tables2 as tables

from npgov.risk.models import Pnec


class PnecTable(tables.Table):
    substance = tables.Column(linkify=True)

    class Meta:
        model = Pnec
        fields = ("substance", "compartment", "value", "unit", "value_ng_l", "basis", "verified", "source")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_source(self, value: str) -> str:
        return value if len(value) < 90 else value[:87] + "…"
