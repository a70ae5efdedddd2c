from __future__ import annotations

from django.urls import path

from npgov.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("preferences/", views.notification_preferences, name="preferences"),
]
