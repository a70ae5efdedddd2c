"""Pages of the portal's public shell (namespace ``portal``): home, language, open data, about."""

from __future__ import annotations

from django.urls import URLPattern, path

from npgov.portal.public import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("language/", views.language, name="language"),
    path("data/", views.opendata, name="opendata"),
    path("data/<slug:key>.csv", views.dataset_csv, name="dataset_csv"),
    path("data/<slug:key>.json", views.dataset_json, name="dataset_json"),
    path("about/", views.about, name="about"),
]
