from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.capacity.api import views

router = SimpleRouter()
router.register("experts", views.ExpertViewSet, basename="capacity-expert")
router.register("labs", views.LabViewSet, basename="capacity-lab")
router.register("lab-methods", views.LabMethodViewSet, basename="capacity-lab-method")
router.register("trainings", views.TrainingViewSet, basename="capacity-training")
router.register("projects", views.ProjectViewSet, basename="capacity-project")
urlpatterns = router.urls
