"""Tables of the inspection pages (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionTask, Inspector

ATTRS = {"class": "table table-sm table-hover align-middle"}


class InspectorTable(tables.Table):
    class Meta:
        model = Inspector
        fields = ("name", "badge", "department", "district", "active")
        attrs = ATTRS


class InspectionDrawTable(tables.Table):
    title = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("drawn at"))
    published = tables.BooleanColumn(verbose_name=_("published to the public"))

    class Meta:
        model = InspectionDraw
        fields = ("title", "created_at", "enterprise_count", "seed", "due_date", "published")
        attrs = ATTRS


class TaskTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url())
    due_date = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = InspectionTask
        fields = ("enterprise", "draw", "due_date", "status")
        attrs = ATTRS


class CaseTable(tables.Table):
    number = tables.Column(linkify=True)
    enterprise = tables.Column(linkify=True)
    published = tables.BooleanColumn(verbose_name=_("published to the public"))

    class Meta:
        model = Case
        fields = ("number", "enterprise", "opened_on", "status", "penalty_yuan", "decided_on", "published")
        attrs = ATTRS
