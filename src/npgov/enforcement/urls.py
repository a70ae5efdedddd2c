"""Pages of enforcement: inspections, product sampling, import/export checks (URL names unchanged)."""

from __future__ import annotations

from django.urls import include, path

app_name = "enforcement"
urlpatterns = [
    path("", include("npgov.enforcement.inspections.urls")),
    path("", include("npgov.enforcement.products.urls")),
    path("", include("npgov.enforcement.trade.urls")),
]
