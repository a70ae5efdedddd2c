from __future__ import annotations

import django_tables2 as tables

from npgov.enterprises.models import Enterprise


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Enterprise
        fields = ("name", "uscc", "district", "industry", "park", "status", "key_discharge_unit")
        attrs = {"class": "table table-sm table-hover align-middle"}
