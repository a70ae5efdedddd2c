from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.enterprises.models import Enterprise, Park, Permit


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Enterprise
        fields = ("name", "uscc", "district", "industry", "park", "status", "key_discharge_unit")
        attrs = {"class": "table table-sm table-hover align-middle"}


class ParkTable(tables.Table):
    name = tables.Column(linkify=True)
    enterprises = tables.Column(verbose_name=_("enterprises"), accessor="enterprise_count", orderable=True)

    class Meta:
        model = Park
        fields = ("name", "district", "chemical_park", "enterprises")
        attrs = {"class": "table table-sm table-hover align-middle"}


class PermitTable(tables.Table):
    number = tables.Column(linkify=True)
    enterprise = tables.Column(linkify=True)  # whoever sees a permit sees its enterprise
    district = tables.Column(verbose_name=_("district"), accessor="enterprise__district", orderable=False)
    limits = tables.Column(verbose_name=_("limited substances"), accessor="limit_count", orderable=True)
    valid_from = tables.DateColumn(format="Y-m-d")
    valid_until = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Permit
        fields = (
            "number", "kind", "enterprise", "district", "valid_from", "valid_until",
            "states_new_pollutant_controls", "limits",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-hover align-middle"}
