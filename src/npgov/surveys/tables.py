from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.surveys.deadlines import submitted_late
from npgov.surveys.models import Campaign, Submission


class CampaignTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Campaign
        fields = ("title", "city", "year", "deadline")
        attrs = {"class": "table table-sm table-hover align-middle"}


class SubmissionTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url())

    def render_submitted_at(self, value: Any, record: Submission) -> str:
        """The submission time, and 逾期提交 when it came after the campaign's deadline (H7, issue 14 item 7)."""
        text = date_format(localtime(value), "Y-m-d H:i")
        if submitted_late(record):
            return format_html('{} <span class="badge text-bg-warning late-mark">{}</span>', text, _("Submitted late"))
        return text

    class Meta:
        model = Submission
        fields: tuple[str, ...] = ("enterprise", "campaign", "status", "submitted_at")
        attrs = {"class": "table table-sm table-hover align-middle"}


class ReviewQueueTable(SubmissionTable):
    """The review queue: as the submission list, with the district and the number of lines to review."""

    district = tables.Column(verbose_name=gettext_lazy("district"), accessor="enterprise__district", orderable=False)
    line_count = tables.Column(verbose_name=gettext_lazy("report lines"), attrs={"td": {"class": "text-end"}})

    class Meta(SubmissionTable.Meta):
        fields = ("enterprise", "district", "campaign", "status", "submitted_at", "line_count")
        sequence = fields
