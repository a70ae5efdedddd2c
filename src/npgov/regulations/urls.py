from __future__ import annotations

from django.urls import path

from npgov.regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.RegulatoryListIndexView.as_view(), name="list_index"),
    path("lists/<int:pk>/", views.RegulatoryListDetailView.as_view(), name="list_detail"),
    path("entries/<int:pk>/", views.ListEntryDetailView.as_view(), name="entry_detail"),
    path("classify/", views.ClassifyView.as_view(), name="classify"),
    path("screening/", views.ScreeningUploadView.as_view(), name="screening_upload"),
    path("screening/<int:pk>/", views.screening_report, name="screening_report"),
    path("policy/<int:pk>/", views.policy_sheet, name="policy_sheet"),
]
