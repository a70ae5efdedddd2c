from __future__ import annotations

import django_tables2 as tables

from npgov.surveys.models import Campaign, Submission


class CampaignTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Campaign
        fields = ("title", "city", "year", "deadline")
        attrs = {"class": "table table-sm table-hover align-middle"}


class SubmissionTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Submission
        fields = ("enterprise", "campaign", "status", "submitted_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
