from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.substances.api.views import SubstanceViewSet

router = SimpleRouter()
router.register("substances", SubstanceViewSet, basename="substances-substance")
urlpatterns = router.urls
