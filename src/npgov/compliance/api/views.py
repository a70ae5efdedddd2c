from __future__ import annotations

from npgov.compliance.api.serializers import FindingSerializer
from npgov.compliance.filtersets import FindingFilterSet
from npgov.compliance.models import Finding
from npgov.core.api.viewsets import RestrictedReadOnlyViewSet


class FindingViewSet(RestrictedReadOnlyViewSet):
    """Compliance findings, scoped like the pages: an enterprise its own, a district its enterprises'."""

    queryset = Finding.objects.select_related("enterprise", "substance")
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["due_date", "severity", "status"]
