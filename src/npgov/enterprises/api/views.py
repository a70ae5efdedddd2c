from __future__ import annotations

from django.db.models import Prefetch

from npgov.core.api.viewsets import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from npgov.enterprises.api.serializers import EnterpriseSerializer, ParkSerializer, PermitSerializer
from npgov.enterprises.filtersets import EnterpriseFilterSet, ParkFilterSet, PermitFilterSet
from npgov.enterprises.models import Enterprise, Park, Permit, PermitLimit


class EnterpriseViewSet(RestrictedModelViewSet):
    queryset = Enterprise.objects.select_related("district", "industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "uscc"]


class ParkViewSet(RestrictedReadOnlyViewSet):
    """Industrial parks (read only)."""

    queryset = Park.objects.select_related("district")
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet
    ordering_fields = ["name"]


class PermitViewSet(RestrictedReadOnlyViewSet):
    """Discharge permits with their substance limits (read only)."""

    queryset = Permit.objects.select_related("enterprise").prefetch_related(
        Prefetch("limits", queryset=PermitLimit.objects.select_related("substance"))
    )
    serializer_class = PermitSerializer
    filterset_class = PermitFilterSet
    ordering_fields = ["number", "valid_until"]
