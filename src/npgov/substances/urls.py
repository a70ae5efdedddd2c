from __future__ import annotations

from django.urls import path

from npgov.substances import views

app_name = "substances"

urlpatterns = [
    path("", views.SubstanceListView.as_view(), name="substance_list"),
    path("add/", views.SubstanceEditView.as_view(), name="substance_add"),
    path("suggest/", views.substance_suggest, name="substance_suggest"),
    path("import/", views.SubstanceImportView.as_view(), name="substance_import"),
    path("properties/import/", views.SubstancePropertyImportView.as_view(), name="property_import"),
    path("<int:pk>/", views.SubstanceDetailView.as_view(), name="substance_detail"),
    path("<int:pk>/edit/", views.SubstanceEditView.as_view(), name="substance_edit"),
]
