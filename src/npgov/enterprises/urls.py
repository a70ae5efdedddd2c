from __future__ import annotations

from django.urls import path

from npgov.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("parks/", views.ParkListView.as_view(), name="park_list"),
    path("parks/add/", views.ParkEditView.as_view(), name="park_add"),
    path("parks/import/", views.ParkImportView.as_view(), name="park_import"),
    path("parks/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("parks/<int:pk>/edit/", views.ParkEditView.as_view(), name="park_edit"),
    path("permits/", views.PermitListView.as_view(), name="permit_list"),
    path("permits/add/", views.PermitEditView.as_view(), name="permit_add"),
    path("permits/import/", views.PermitImportView.as_view(), name="permit_import"),
    path("permits/<int:pk>/", views.PermitDetailView.as_view(), name="permit_detail"),
    path("permits/<int:pk>/edit/", views.PermitEditView.as_view(), name="permit_edit"),
    path("permits/limits/add/", views.PermitLimitEditView.as_view(), name="permitlimit_add"),
    path("permits/limits/import/", views.PermitLimitImportView.as_view(), name="permitlimit_import"),
    path("permits/limits/<int:pk>/edit/", views.PermitLimitEditView.as_view(), name="permitlimit_edit"),
    path("permits/limits/<int:pk>/delete/", views.PermitLimitDeleteView.as_view(), name="permitlimit_delete"),
]
