from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from npgov.monitoring.api import views

router = SimpleRouter()
router.register("sites", views.SiteViewSet, basename="monitoring-site")
router.register("samples", views.SampleViewSet, basename="monitoring-sample")
router.register("results", views.ResultViewSet, basename="monitoring-result")
urlpatterns = [path("statistics/", views.StatisticsAPIView.as_view(), name="monitoring-statistics"), *router.urls]
