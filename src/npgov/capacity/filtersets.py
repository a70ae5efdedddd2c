from __future__ import annotations

from npgov.capacity.models import Expert, Funding, Lab, LabMethod, Project, Training
from npgov.core.filtersets import SearchFilterSet


class ExpertFilterSet(SearchFilterSet):
    search_fields = ("name", "affiliation", "fields")

    class Meta:
        model = Expert
        fields = ["q", "active"]


class LabFilterSet(SearchFilterSet):
    search_fields = ("name", "organisation", "cma_number", "cnas_number", "methods__substance__name_zh")

    class Meta:
        model = Lab
        fields = ["q", "glp_status", "district"]


class LabMethodFilterSet(SearchFilterSet):
    search_fields = ("standard", "substance__cas", "substance__name_zh", "lab__name")

    class Meta:
        model = LabMethod
        fields = ["q", "lab", "substance", "matrix"]


class TrainingFilterSet(SearchFilterSet):
    search_fields = ("title", "audience", "topics")

    class Meta:
        model = Training
        fields = ["q", "department"]


class ProjectFilterSet(SearchFilterSet):
    search_fields = ("title", "lead_organisation", "outcomes")

    class Meta:
        model = Project
        fields = ["q", "kind", "status", "department", "district"]


class FundingFilterSet(SearchFilterSet):
    search_fields = ("recipient", "source", "purpose")

    class Meta:
        model = Funding
        fields = ["q", "department"]
