from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from npgov.risk.api import views

router = SimpleRouter()
router.register("pnecs", views.PnecViewSet, basename="risk-pnec")
router.register("hazard-data", views.HazardDatumViewSet, basename="risk-hazard-datum")
router.register("endpoints", views.EcotoxEndpointViewSet, basename="risk-endpoint")
router.register("runs", views.RunViewSet, basename="risk-run")
router.register("priority-lists", views.PriorityDraftViewSet, basename="risk-priority-draft")
urlpatterns = [
    path("hazard-profiles/<int:substance_pk>/", views.HazardProfileAPIView.as_view(), name="risk-hazard-profile"),
    path("plan-draft/", views.PlanDraftAPIView.as_view(), name="risk-plan-draft"),
    *router.urls,
]
