from __future__ import annotations

import django_tables2 as tables

from npgov.substances.models import Substance


class SubstanceTable(tables.Table):
    cas = tables.Column(linkify=True)
    name_zh = tables.Column(linkify=True)

    class Meta:
        model = Substance
        fields = ("cas", "name_zh", "name_en", "kind", "formula", "molecular_weight", "verified")
        attrs = {"class": "table table-sm table-hover align-middle"}
