from __future__ import annotations

import re

import django_tables2 as tables
from django.utils.html import format_html
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

    def render_document_number(self, value: str) -> str:
        """A convention's document is cited by its English title (no Chinese number exists): mark it as English."""
        if re.search(r"[\u3400-\u9fff]", value) or len(value) < 40:
            return value
        return format_html('<span lang="en">{}</span>', value)
