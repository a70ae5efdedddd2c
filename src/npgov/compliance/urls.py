from __future__ import annotations

from django.urls import path

from npgov.compliance import views

app_name = "compliance"

urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/action/", views.finding_action, name="finding_action"),
    path("run/", views.run, name="run"),
]
