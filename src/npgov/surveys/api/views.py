"""The key chemical substance database through the API, with the same suppression as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.surveys import selectors
from npgov.surveys.api.serializers import SubmissionSerializer
from npgov.surveys.filtersets import SubmissionFilterSet
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.params import object_id


class InventoryRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    enterprises = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    values = serializers.DictField(child=serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True))


class InventoryAPIView(APIView):
    """Accepted survey quantities and releases grouped by substance, industry, district (or enterprise, for the bureau).

    Groups of fewer than three enterprises are suppressed (values null) for roles that may not see individual data.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, required=True),
            OpenApiParameter("by", str, enum=list(selectors.GROUPS)),
        ],
        responses=InventoryRowSerializer(many=True),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign_id = object_id(request.query_params.get("campaign"))
        campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None
        if campaign is None:
            raise ValidationError({"campaign": _("Unknown campaign.")})
        try:
            rows = selectors.inventory(
                campaign=campaign, by=request.query_params.get("by", "substance"), user=request.user
            )
        except ValueError as exc:
            raise ValidationError({"by": _("This grouping is not available.")}) from exc
        return Response(InventoryRowSerializer(rows, many=True).data)


class SubmissionViewSet(RestrictedReadOnlyViewSet):
    """Survey reports with their lines, scoped like the pages: an enterprise sees its own, a district its own."""

    queryset = Submission.objects.select_related("campaign", "enterprise").prefetch_related("lines__substance")
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilterSet
    ordering_fields = ["submitted_at", "status"]
