from __future__ import annotations

import django_tables2 as tables

from npgov.substances.models import Substance


class SubstanceTable(tables.Table):
    name_en = tables.Column(attrs={"td": {"lang": "en"}})  # the English name, shown as such on Chinese pages
    cas = tables.Column(linkify=True)
    name_zh = tables.Column(linkify=True)

    class Meta:
        model = Substance
        fields = ("cas", "name_zh", "name_en", "kind", "formula", "molecular_weight", "verified")
        attrs = {"class": "table table-sm table-hover align-middle"}
