from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.enforcement.inspections.api import views

router = SimpleRouter()
router.register("draws", views.InspectionDrawViewSet, basename="enforcement-draw")
router.register("tasks", views.TaskViewSet, basename="enforcement-task")
router.register("cases", views.CaseViewSet, basename="enforcement-case")
urlpatterns = router.urls
