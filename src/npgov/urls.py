"""Root URLs: the pages of each app, the REST API under /api/, the admin for system administrators."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from npgov.regulations.api.views import ClassifyAPIView
from npgov.surveys.api.views import InventoryAPIView


class PublicSchemaView(SpectacularAPIView):
    """The OpenAPI document is public: it describes the API, it holds no data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


class PublicSwaggerView(SpectacularSwaggerView):
    permission_classes = [AllowAny]
    authentication_classes: list = []


api_patterns = [
    path("schema/", PublicSchemaView.as_view(), name="schema"),
    path("docs/", PublicSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
    path("core/", include("npgov.core.api.urls")),
    path("substances/", include("npgov.substances.api.urls")),
    path("enterprises/", include("npgov.enterprises.api.urls")),
    path("regulations/", include("npgov.regulations.api.urls")),
    path("capacity/", include("npgov.capacity.api.urls")),
    path("workplan/", include("npgov.workplan.api.urls")),
    path("classify/", ClassifyAPIView.as_view(), name="classify"),
    path("surveys/inventory/", InventoryAPIView.as_view(), name="surveys-inventory"),
    path("surveys/", include("npgov.surveys.api.urls")),
    path("monitoring/", include("npgov.monitoring.api.urls")),
    path("risk/", include("npgov.risk.api.urls")),
    path("compliance/", include("npgov.compliance.api.urls")),
    path("enforcement/", include("npgov.enforcement.api.urls")),
    path("notifications/", include("npgov.notifications.api.urls")),
    path("portal/", include("npgov.portal.api.urls")),
]

urlpatterns = [
    path("", include("npgov.core.urls")),
    path("substances/", include("npgov.substances.urls")),
    path("enterprises/", include("npgov.enterprises.urls")),
    path("surveys/", include("npgov.surveys.urls")),
    path("monitoring/", include("npgov.monitoring.urls")),
    path("risk/", include("npgov.risk.urls")),
    path("compliance/", include("npgov.compliance.urls")),
    path("enforcement/", include("npgov.enforcement.urls")),
    path("regulations/", include("npgov.regulations.urls")),
    path("workplan/", include("npgov.workplan.urls")),
    path("capacity/", include("npgov.capacity.urls")),
    path("notifications/", include("npgov.notifications.urls")),
    path("portal/", include("npgov.portal.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
