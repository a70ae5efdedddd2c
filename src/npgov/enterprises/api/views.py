from __future__ import annotations

from npgov.core.api.viewsets import RestrictedModelViewSet
from npgov.enterprises.api.serializers import EnterpriseSerializer
from npgov.enterprises.filtersets import EnterpriseFilterSet
from npgov.enterprises.models import Enterprise


class EnterpriseViewSet(RestrictedModelViewSet):
    queryset = Enterprise.objects.select_related("district", "industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "uscc"]
