from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.core.models import ImportBatch
from npgov.monitoring.models import MonitoringPlan, Result, Site

ATTRS = {"class": "table table-sm table-hover align-middle"}


class SiteTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    sample_count = tables.Column(verbose_name=_("samples"), orderable=True, attrs={"td": {"class": "text-end"}})
    last_sampled = tables.DateTimeColumn(verbose_name=_("last sampled"), format="Y-m-d")

    class Meta:
        model = Site
        fields = ("code", "name", "kind", "district", "water_body", "sample_count", "last_sampled", "active")
        attrs = ATTRS


class ResultTable(tables.Table):
    # Paged by keyset in the order of the index (-sampled_at, -id): only the time sorts (core.pagination).
    keyset = ("-sampled_at", "-id")
    sampled_at = tables.DateTimeColumn(format="Y-m-d H:i", orderable=True)
    site = tables.Column(linkify=True, accessor="site")
    substance = tables.Column(linkify=True)
    value_reported = tables.Column()
    unit_reported = tables.Column()
    value = tables.Column(verbose_name=_("value (canonical unit)"), attrs={"td": {"class": "text-end"}})
    canonical_unit = tables.Column(verbose_name=_("canonical unit"), orderable=False, accessor="canonical_unit")

    class Meta:
        model = Result
        fields = ("sampled_at", "site", "substance", "matrix", "value_reported", "unit_reported", "qualifier",
                  "value", "canonical_unit", "lod", "loq", "qa_flags")  # fmt: skip
        attrs = ATTRS
        orderable = False

    def render_value(self, value: float) -> str:
        return f"{value:.4g}"

    def render_lod(self, value: float) -> str:
        return f"{value:.4g}"

    def render_loq(self, value: float) -> str:
        return f"{value:.4g}"


class PlanTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = MonitoringPlan
        fields = ("year", "name", "department", "frequency", "source")
        attrs = ATTRS


class BatchTable(tables.Table):
    keyset = ("-created_at", "-id")  # newest first, paged by cursor (core.pagination)
    file_name = tables.Column(linkify=("monitoring:batch_detail", {"pk": tables.A("pk")}))
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", orderable=True)

    class Meta:
        model = ImportBatch
        fields = ("created_at", "file_name", "rows", "user", "sha256")
        attrs = ATTRS
        orderable = False
