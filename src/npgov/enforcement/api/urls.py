"""The enforcement API: inspections, product sampling, import/export checks (route names unchanged)."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("npgov.enforcement.inspections.api.urls")),
    path("", include("npgov.enforcement.products.api.urls")),
    path("", include("npgov.enforcement.trade.api.urls")),
]
