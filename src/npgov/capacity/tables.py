from __future__ import annotations

import django_tables2 as tables

from npgov.capacity.models import Expert, Funding, Lab, Project, Training

ATTRS = {"class": "table table-sm table-hover align-middle"}


class ExpertTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Expert
        fields = ("name", "affiliation", "title", "fields", "active")
        attrs = ATTRS


class LabTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Lab
        fields = ("name", "organisation", "district", "cma_number", "glp_status", "glp_valid_until")
        attrs = ATTRS


class TrainingTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Training
        fields = ("date", "title", "department", "participants", "hours")
        attrs = ATTRS


class ProjectTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Project
        fields = ("kind", "title", "lead_organisation", "department", "status", "start", "end", "budget_10k_yuan")
        attrs = ATTRS


class FundingTable(tables.Table):
    recipient = tables.Column(linkify=True)

    class Meta:
        model = Funding
        fields = ("date", "recipient", "amount_10k_yuan", "source", "department", "project")
        attrs = ATTRS
