"""Tables of the import/export check pages (django-tables2)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.enforcement.products.models import plain_number
from npgov.enforcement.products.tables import ATTRS, badge
from npgov.enforcement.trade.models import TradeCheck, TradeResult


class TradeCheckTable(tables.Table):
    checked_on = tables.DateColumn(format="Y-m-d", linkify=True)
    hs_code = tables.Column(linkify=True)
    substance = tables.Column()
    on_strictly_restricted_list = tables.BooleanColumn(verbose_name=_("CN-SRTC"))

    class Meta:
        model = TradeCheck
        fields = ("checked_on", "direction", "hs_code", "substance", "on_strictly_restricted_list", "quantity",
                  "quantity_unit", "enterprise_name", "release_notice_number", "department", "result",
                  "violation_kind")  # fmt: skip
        attrs = ATTRS
        row_attrs = {"class": lambda record: "table-danger" if record.result == TradeResult.VIOLATION else ""}

    def render_result(self, record: TradeCheck) -> str:
        return badge(record.result, record.get_result_display())

    def value_result(self, record: TradeCheck) -> str:
        return str(record.get_result_display())

    def render_quantity(self, value: Any) -> str:
        return plain_number(value)
