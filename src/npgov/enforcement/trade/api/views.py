"""Import/export checks through the API: read-only, scoped like the pages."""

from __future__ import annotations

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.trade.api import serializers
from npgov.enforcement.trade.filtersets import TradeCheckFilterSet
from npgov.enforcement.trade.models import TradeCheck


class TradeCheckViewSet(RestrictedReadOnlyViewSet):
    """Import/export checks; filter ``result=violation`` for the violations."""

    queryset = TradeCheck.objects.select_related("substance")
    serializer_class = serializers.TradeCheckSerializer
    filterset_class = TradeCheckFilterSet
    ordering_fields = ["checked_on"]
