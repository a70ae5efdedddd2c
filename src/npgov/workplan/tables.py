from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.workplan.models import Indicator, Kpi, Plan, ProgressRequest, SupervisionOrder


class PlanTable(tables.Table):
    title_zh = tables.Column(linkify=True)
    task_count = tables.Column(verbose_name=_("tasks"), orderable=False)

    class Meta:
        model = Plan
        fields = ("title_zh", "city", "document_number", "issued", "task_count")
        attrs = {"class": "table table-sm table-hover align-middle"}


class ProgressRequestTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = ProgressRequest
        fields = ("title", "plan", "period_start", "period_end", "due_date", "issued_by")
        attrs = {"class": "table table-sm table-hover align-middle"}


class SupervisionOrderTable(tables.Table):
    task = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = SupervisionOrder
        fields = ("task", "department", "deadline", "status", "issued_by", "created_at")
        attrs = {"class": "table table-sm table-hover align-middle"}


class KpiTable(tables.Table):
    name_zh = tables.Column(linkify=True)

    class Meta:
        model = Kpi
        fields = ("name_zh", "plan", "direction", "target", "unit", "deadline", "scope_level")
        attrs = {"class": "table table-sm table-hover align-middle"}


class IndicatorTable(tables.Table):
    name_zh = tables.Column(linkify=True)
    name_en = tables.Column(attrs={"td": {"lang": "en"}})  # the English name, shown as such on Chinese pages
    department_names = tables.Column(verbose_name=_("reporting departments"), orderable=False)
    record_count = tables.Column(verbose_name=_("records"), orderable=False)

    class Meta:
        model = Indicator
        fields = ("name_zh", "name_en", "department_names", "record_count")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_department_names(self, value: list[str]) -> str:
        return "、".join(value)
