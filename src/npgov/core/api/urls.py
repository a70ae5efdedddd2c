from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.core.api import views

router = SimpleRouter()
router.register("districts", views.DistrictViewSet, basename="core-district")
router.register("departments", views.DepartmentViewSet, basename="core-department")
router.register("users", views.UserViewSet, basename="core-user")
router.register("jobs", views.JobViewSet, basename="core-job")
router.register("sign-ins", views.LoginEventViewSet, basename="core-loginevent")

urlpatterns = router.urls
