"""Pages of the enterprise registry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.views import generic
from npgov.enterprises.filtersets import EnterpriseFilterSet
from npgov.enterprises.forms import EnterpriseForm
from npgov.enterprises.import_specs import ENTERPRISE_IMPORT
from npgov.enterprises.models import Enterprise
from npgov.enterprises.tables import EnterpriseTable


class EnterpriseListView(generic.ObjectListView):
    queryset = Enterprise.objects.select_related("district", "industry", "park")
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    url_prefix = "enterprises:enterprise"
    export_name = "enterprises"
    help_text = _("Enterprises by unified social credit code, with district, industry (GB/T 4754-2017) and park.")


class EnterpriseDetailView(generic.ObjectDetailView):
    queryset = Enterprise.objects.select_related("district", "industry", "park")
    url_prefix = "enterprises:enterprise"
    template_name = "enterprises/enterprise_detail.html"
    fields = (
        "uscc",
        "name",
        "district",
        "address",
        "latitude",
        "longitude",
        "industry",
        "park",
        "contact_name",
        "contact_phone",
        "status",
        "key_discharge_unit",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"permits": obj.permits.all(), "audits": obj.audits.all()}

    def field_rows(self, obj: Any) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        index = next(
            i for i, (label, _value) in enumerate(rows) if label == str(obj._meta.get_field("industry").verbose_name)
        )
        survey = obj.industry._meta.get_field("survey_scope").verbose_name
        rows.insert(index + 1, (str(survey), obj.industry.get_survey_scope_display()))
        return rows


class EnterpriseEditView(generic.ObjectEditView):
    queryset = Enterprise.objects.all()
    form_class = EnterpriseForm
    url_prefix = "enterprises:enterprise"


class EnterpriseImportView(generic.BulkImportView):
    queryset = Enterprise.objects.all()
    url_prefix = "enterprises:enterprise"
    spec = ENTERPRISE_IMPORT
