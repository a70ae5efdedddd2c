from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.regulations.api import serializers
from npgov.regulations.filtersets import ListEntryFilterSet, RegulatoryListFilterSet
from npgov.regulations.models import ListEntry, RegulatoryList
from npgov.regulations.services.classification import classify_identifiers


class RegulatoryListViewSet(RestrictedReadOnlyViewSet):
    queryset = RegulatoryList.objects.all()
    serializer_class = serializers.RegulatoryListSerializer
    filterset_class = RegulatoryListFilterSet
    ordering_fields = ["code", "effective"]


class ListEntryViewSet(RestrictedReadOnlyViewSet):
    queryset = ListEntry.objects.select_related("regulatory_list").prefetch_related("members", "measures")
    serializer_class = serializers.ListEntrySerializer
    filterset_class = ListEntryFilterSet


class ClassifyAPIView(APIView):
    """Classify up to 500 identifiers (CAS RN, name, SMILES, InChI, InChIKey); one result per input, in order."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "classify"

    @extend_schema(request=serializers.ClassifyInput, responses=serializers.ClassifyOutput(many=True))
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = serializers.ClassifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        structure_ids = data.validated_data["structure_ids"]
        results = classify_identifiers(data.validated_data["identifiers"])
        return Response([result.as_json(structure_ids=structure_ids) for result in results])
