from __future__ import annotations

from npgov.core.api.viewsets import RestrictedModelViewSet
from npgov.substances.api.serializers import SubstanceSerializer
from npgov.substances.filtersets import SubstanceFilterSet
from npgov.substances.models import Substance


class SubstanceViewSet(RestrictedModelViewSet):
    queryset = Substance.objects.prefetch_related("properties")
    serializer_class = SubstanceSerializer
    filterset_class = SubstanceFilterSet
    ordering_fields = ["cas", "name_zh", "name_en"]
