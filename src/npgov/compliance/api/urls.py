from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.compliance.api.views import FindingViewSet

router = SimpleRouter()
router.register("findings", FindingViewSet, basename="compliance-finding")
urlpatterns = router.urls
