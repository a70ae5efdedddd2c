"""The handlers' complaint list: sortable columns, overdue rows in red."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.portal.complaints.models import Complaint


class ComplaintTable(tables.Table):
    tracking_code = tables.Column(linkify=True)
    created_at = tables.DateColumn(format="Y-m-d", verbose_name=_("received"))
    due_date = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Complaint
        fields = ("tracking_code", "topic", "status", "district", "department", "created_at", "due_date")
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue() else ""}
        empty_text = _("No complaints.")
