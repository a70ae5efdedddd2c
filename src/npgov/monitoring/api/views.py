"""The monitoring network through the API: sites, samples, results (bulk-friendly), statistics."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.api.viewsets import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from npgov.core.permissions import can
from npgov.monitoring import selectors
from npgov.monitoring.api.serializers import (
    ResultSerializer,
    SampleSerializer,
    SiteSerializer,
    StatisticsSerializer,
    finite,
)
from npgov.monitoring.choices import CANONICAL_UNIT, SiteKind
from npgov.monitoring.filtersets import ResultFilterSet, SampleFilterSet, SiteFilterSet
from npgov.monitoring.models import Result, Sample, Site


class BulkCursorPagination(CursorPagination):
    """Cursor paging by id: stable and constant-time at any depth, for clients that pull every result."""

    ordering = "id"
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000


class SiteViewSet(RestrictedModelViewSet):
    """Monitoring sites; the bureau writes, departments read all, a district reads its own."""

    queryset = Site.objects.select_related("district")
    serializer_class = SiteSerializer
    filterset_class = SiteFilterSet
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "kind"]


class SampleViewSet(RestrictedReadOnlyViewSet):
    queryset = Sample.objects.select_related("site")
    serializer_class = SampleSerializer
    filterset_class = SampleFilterSet
    pagination_class = BulkCursorPagination


class ResultViewSet(RestrictedReadOnlyViewSet):
    """Results, filterable by site, substance, qualifier, matrix, period, site kind, district and import batch.

    Paged by cursor (``page_size`` up to 5,000): follow ``next`` to read a whole selection.
    """

    queryset = Result.objects.select_related("site", "substance")
    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet
    pagination_class = BulkCursorPagination


GROUPS = {"site_kind": "site__kind", "district": "site__district", "site": "site", "none": None}


class StatisticsAPIView(APIView):
    """Censored-data statistics of one substance in one matrix, overall or per group.

    Kaplan–Meier, robust ROS and lognormal MLE (NADA / EnvStats conventions); ``methods`` names each.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("substance", int, required=True),
            OpenApiParameter("matrix", str, enum=list(CANONICAL_UNIT), default="water"),
            OpenApiParameter("group", str, enum=list(GROUPS), default="none"),
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("kind", str, enum=list(SiteKind.values)),
            OpenApiParameter("district", int),
        ],
        responses=StatisticsSerializer(many=True),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not can(request.user, Result, "view"):
            raise PermissionDenied()
        params = request.query_params
        substance = params.get("substance", "")
        matrix = params.get("matrix", "water")
        group = params.get("group", "none")
        errors = {}
        if not substance.isdigit():
            errors["substance"] = _("Give the id of a substance.")
        if matrix not in CANONICAL_UNIT:
            errors["matrix"] = _("One of %(choices)s.") % {"choices": ", ".join(CANONICAL_UNIT)}
        if group not in GROUPS:
            errors["group"] = _("One of %(choices)s.") % {"choices": ", ".join(GROUPS)}
        if errors:
            raise ValidationError(errors)
        filters = selectors.Filters.from_query(params)
        # the maintained cells for whole years or no period; the raw results for a day-level period
        source = filters.source(request.user).filter(substance_id=int(substance), matrix=matrix)
        lookup = GROUPS[group]
        if lookup is None:
            rows = [{**row, "key": None, "label": "overall"} for row in selectors.grouped_summaries(source, "matrix")]
        else:
            rows = selectors.grouped_summaries(source, lookup)
            for row in rows:
                row["label"] = str(row["key"])
                row["key"] = str(row["key"])
        return Response(finite(StatisticsSerializer(rows, many=True).data))
