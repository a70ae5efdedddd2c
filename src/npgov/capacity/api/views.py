"""The capacity registers through the API, read-only: the same rows, for the same users, as the pages.

Records are added and changed on the pages (their forms) or through npgov.capacity.services.
"""

from __future__ import annotations

from npgov.capacity import filtersets
from npgov.capacity.api import serializers
from npgov.capacity.models import Expert, Lab, LabMethod, Project, Training
from npgov.core.api.viewsets import RestrictedReadOnlyViewSet


class ExpertViewSet(RestrictedReadOnlyViewSet):
    """The expert pool: the bureau and departments read it all, anyone else their own entry only."""

    queryset = Expert.objects.select_related("user")
    serializer_class = serializers.ExpertSerializer
    filterset_class = filtersets.ExpertFilterSet
    ordering_fields = ["name", "affiliation"]


class LabViewSet(RestrictedReadOnlyViewSet):
    queryset = Lab.objects.select_related("district").distinct()
    serializer_class = serializers.LabSerializer
    filterset_class = filtersets.LabFilterSet
    ordering_fields = ["name", "glp_status"]


class LabMethodViewSet(RestrictedReadOnlyViewSet):
    queryset = LabMethod.objects.select_related("lab", "substance")
    serializer_class = serializers.LabMethodSerializer
    filterset_class = filtersets.LabMethodFilterSet
    ordering_fields = ["lab", "matrix", "lod", "loq"]


class TrainingViewSet(RestrictedReadOnlyViewSet):
    queryset = Training.objects.select_related("department")
    serializer_class = serializers.TrainingSerializer
    filterset_class = filtersets.TrainingFilterSet
    ordering_fields = ["date", "title", "participants"]


class ProjectViewSet(RestrictedReadOnlyViewSet):
    queryset = Project.objects.select_related("department", "district")
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    ordering_fields = ["start", "end", "title"]
