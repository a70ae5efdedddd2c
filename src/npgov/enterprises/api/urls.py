from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.enterprises.api.views import EnterpriseViewSet, ParkViewSet, PermitViewSet

router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprises-enterprise")
router.register("parks", ParkViewSet, basename="enterprises-park")
router.register("permits", PermitViewSet, basename="enterprises-permit")
urlpatterns = router.urls
