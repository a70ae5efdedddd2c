from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.workplan.api import views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="workplan-plan")
router.register("tasks", views.TaskViewSet, basename="workplan-task")
router.register("kpis", views.KpiViewSet, basename="workplan-kpi")
router.register("kpi-values", views.KpiValueViewSet, basename="workplan-kpi-value")
router.register("requests", views.ProgressRequestViewSet, basename="workplan-request")
router.register("reports", views.ProgressReportViewSet, basename="workplan-report")
router.register("orders", views.SupervisionOrderViewSet, basename="workplan-order")
router.register("indicators", views.IndicatorViewSet, basename="workplan-indicator")
router.register("indicator-records", views.IndicatorRecordViewSet, basename="workplan-indicator-record")
urlpatterns = router.urls
