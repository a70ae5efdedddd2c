from __future__ import annotations

from django.urls import path

from npgov.compliance import views

app_name = "compliance"

urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/action/", views.finding_action, name="finding_action"),
    path("run/", views.run, name="run"),
    path("obligations/", views.obligations, name="obligations"),
    path("list-changes/", views.list_changes, name="list_changes"),
    path("list-changes/<str:code>/", views.list_change, name="list_change"),
    path("new-substances/", views.RegistrationListView.as_view(), name="registration_list"),
    path("new-substances/add/", views.RegistrationEditView.as_view(), name="registration_add"),
    path("new-substances/<int:pk>/edit/", views.RegistrationEditView.as_view(), name="registration_edit"),
    path("new-substances/import/", views.RegistrationImportView.as_view(), name="registration_import"),
    path("existing-substances/import/", views.InventoryImportView.as_view(), name="inventory_import"),
]
