from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.notifications.api import views

router = SimpleRouter()
router.register("", views.NotificationViewSet, basename="notifications-notification")

urlpatterns = router.urls
