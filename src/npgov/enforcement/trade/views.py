"""Pages of import/export checks."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy

from npgov.compliance.selectors import finding_list
from npgov.core.views import generic
from npgov.enforcement.products.views import ServiceEditView
from npgov.enforcement.trade import filtersets, forms, services, tables
from npgov.enforcement.trade.models import TradeCheck


class TradeCheckListView(generic.ObjectListView):
    queryset = TradeCheck.objects.select_related("substance", "department", "enterprise")
    filterset_class = filtersets.TradeCheckFilterSet
    table_class = tables.TradeCheckTable
    url_prefix = "enforcement:trade_check"
    export_name = "import-export-checks"
    help_text = gettext_lazy(
        "Checks of declared imports and exports of listed chemicals by customs and commerce. A chemical on the "
        "China Strictly Restricted Toxic Chemicals List needs a release notice (放行通知单). Violations are red."
    )


class TradeCheckDetailView(generic.ObjectDetailView):
    queryset = TradeCheck.objects.select_related("substance", "department", "enterprise")
    url_prefix = "enforcement:trade_check"
    template_name = "enforcement/products/trade_check_detail.html"
    fields = ("checked_on", "direction", "declaration_number", "hs_code", "substance", "on_strictly_restricted_list",
              "declared_use", "quantity", "quantity_unit", "release_notice_number", "enterprise", "enterprise_name",
              "department", "result", "violation_kind", "description")  # fmt: skip

    def extra_context(self, obj: Model) -> dict[str, Any]:
        findings = finding_list(user=self.request.user, key=f"trade:{obj.pk}")
        return {"findings": findings}


class TradeCheckEditView(ServiceEditView):
    queryset = TradeCheck.objects.all()
    form_class = forms.TradeCheckForm
    url_prefix = "enforcement:trade_check"

    def after_save(self, obj: TradeCheck) -> None:
        services.trade_check_saved(check=obj)
