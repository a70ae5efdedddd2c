from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.workplan.models import Kpi, Plan, ProgressRequest, SupervisionOrder


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
