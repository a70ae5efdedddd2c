"""Root URLs: the pages of each app, the REST API under /api/, the admin for system administrators."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from npgov.core.api.tokens import ObtainTokenView, RevokeTokenView
from npgov.core.views import tokens as token_views
from npgov.regulations.api.views import ClassifyAPIView
from npgov.surveys.api.views import InventoryAPIView


class PublicSchemaView(SpectacularAPIView):
    """The OpenAPI document is public: it describes the API, it holds no data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


@method_decorator(csp_update({"style-src-elem": ["'unsafe-inline'"]}), name="dispatch")
class PublicSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its script served as a separate file (the CSP allows no inline script).

    Its page keeps a small inline <style> element of drf-spectacular's template: allowed here alone."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


api_patterns = [
    path("schema/", PublicSchemaView.as_view(), name="schema"),
    path("docs/", PublicSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("auth/token/revoke/", RevokeTokenView.as_view(), name="token_revoke"),
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

# The signed-in user's own settings (namespace ``account``).
account_patterns = [
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("tokens/revoke-all/", token_views.token_revoke_all, name="token_revoke_all"),
]

urlpatterns = [
    path("accounts/", include((account_patterns, "account"))),
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

# Uploaded files are never served from /media/ on the site's origin (they could be run as active content):
# each is downloaded through its own permission-checked view (core.attachments.attachment_response).

# Database unreachable → 503, disk full during an upload → 507, anything else → 500.html (core/views/errors.py).
handler500 = "npgov.core.views.errors.server_error"
