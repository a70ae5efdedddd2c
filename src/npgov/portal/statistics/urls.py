"""Pages of this portal area (namespace ``portal``): monitoring statistics, lists, substance cards, progress."""

from __future__ import annotations

from django.urls import path

from npgov.portal.statistics import views

urlpatterns = [
    path("monitoring/", views.monitoring_page, name="monitoring"),
    path("monitoring/substances/<int:pk>/", views.monitoring_substance, name="monitoring_substance"),
    path("lists/", views.lists, name="lists"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("substances/", views.substances, name="substances"),
    path("substances/<int:pk>/", views.substance_card, name="substance_card"),
    path("progress/", views.progress, name="progress"),
    path("settings/", views.settings_page, name="settings"),
]
