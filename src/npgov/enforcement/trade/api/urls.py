from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.enforcement.trade.api import views

router = SimpleRouter()
router.register("trade-checks", views.TradeCheckViewSet, basename="enforcement-tradecheck")
urlpatterns = router.urls
