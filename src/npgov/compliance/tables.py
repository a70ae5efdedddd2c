from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.compliance.models import Finding, NewSubstanceRegistration


class FindingTable(tables.Table):
    # a province holds hundreds of thousands of findings: paged by cursor, most urgent first (core.pagination)
    keyset = ("due_date", "id")
    id = tables.Column(linkify=True, verbose_name="#")
    enterprise = tables.Column(linkify=True)
    substance = tables.Column(linkify=True)
    due_date = tables.DateColumn(format="Y-m-d", orderable=True)

    class Meta:
        model = Finding
        fields = ("id", "enterprise", "substance", "year", "activity", "severity", "status", "due_date", "department")
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "table-danger" if record.overdue else ""}
        empty_text = _("No findings.")
        orderable = False

    def render_activity(self, record: Finding) -> str:
        return record.get_activity_display()


class RegistrationTable(tables.Table):
    certificate = tables.Column()
    issued = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = NewSubstanceRegistration
        fields = ("certificate", "kind", "substance_name", "cas", "tonnage_band", "holder_name", "issued")
        attrs = {"class": "table table-sm table-hover align-middle"}
