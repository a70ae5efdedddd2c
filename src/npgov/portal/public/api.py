"""Public API of open data (under /api/portal/): the datasets and their rows, for anyone, no sign-in.

``GET /api/portal/datasets/`` lists the datasets with their download links; ``GET /api/portal/datasets/<key>/``
answers the dataset's JSON document (the same as ``/portal/data/<key>.json``). No authentication is read
(so no session and no CSRF), the anonymous rate limit applies, and the answers go through the page cache.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.pagecache import public_page
from npgov.portal.opendata import datasets_in_order
from npgov.portal.public import datasets

DATASET_SUMMARY = inline_serializer(
    name="PortalDatasetSummary",
    many=True,
    fields={
        "dataset": serializers.CharField(),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.DictField(child=serializers.CharField())),
        "csv": serializers.URLField(),
        "json": serializers.URLField(),
        "api": serializers.URLField(),
    },
)


class DatasetListAPIView(APIView):
    """The open datasets of the public portal."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer]  # one representation per URL: the page cache keys on the path

    @extend_schema(tags=["portal"], summary="Open datasets of the public portal", responses={200: DATASET_SUMMARY})
    def get(self, request: Request) -> Response:
        rows = [
            {
                "dataset": d.key,
                "title": str(d.title),
                "description": str(d.description),
                "columns": [{"key": key, "label": str(label)} for key, label in d.columns],
                "csv": request.build_absolute_uri(reverse("portal:dataset_csv", args=[d.key])),
                "json": request.build_absolute_uri(reverse("portal:dataset_json", args=[d.key])),
                "api": request.build_absolute_uri(reverse("api:portal-dataset", args=[d.key])),
            }
            for d in datasets_in_order()
        ]
        return Response(rows)


class DatasetDetailAPIView(APIView):
    """One open dataset: its licence, source, columns and every row."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer]  # one representation per URL: the page cache keys on the path

    @extend_schema(tags=["portal"], summary="One open dataset with its rows", responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, key: str) -> Response:
        dataset = datasets.dataset_or_none(key)
        if dataset is None:
            raise Http404
        return Response(datasets.dataset_document(dataset, request))


urlpatterns: list[URLPattern] = [
    # Through the page cache like the downloads (the whole view, so that the cached answer is rendered).
    path("datasets/", public_page(DatasetListAPIView.as_view()), name="portal-datasets"),
    path("datasets/<slug:key>/", public_page(DatasetDetailAPIView.as_view()), name="portal-dataset"),
]
