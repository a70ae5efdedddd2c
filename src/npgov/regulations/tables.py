from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.regulations.models import RegulatoryList


class RegulatoryListTable(tables.Table):
    code = tables.Column(linkify=True)
    title_zh = tables.Column(linkify=True)
    entry_count = tables.Column(verbose_name=_("entries"), orderable=False)

    class Meta:
        model = RegulatoryList
        fields = (
            "code",
            "title_zh",
            "document_number",
            "published",
            "effective",
            "revision",
            "entry_count",
            "verified",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
