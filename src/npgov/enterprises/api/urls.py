from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.enterprises.api.views import EnterpriseViewSet

router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprises-enterprise")
urlpatterns = router.urls
