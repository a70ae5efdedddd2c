from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.regulations.api import views

router = SimpleRouter()
router.register("lists", views.RegulatoryListViewSet, basename="regulations-list")
router.register("entries", views.ListEntryViewSet, basename="regulations-entry")
urlpatterns = router.urls
