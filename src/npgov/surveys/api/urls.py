from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.surveys.api.views import SubmissionViewSet

router = SimpleRouter()
router.register("submissions", SubmissionViewSet, basename="surveys-submission")
urlpatterns = router.urls
