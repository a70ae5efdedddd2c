"""Pages of this portal area (namespace ``portal``)."""

from __future__ import annotations

from django.urls import path

from npgov.portal.disclosures import views

urlpatterns = [
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/mine/", views.my_disclosures, name="my_disclosures"),
    path("disclosures/mine/<int:enterprise>/<int:year>/", views.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<int:pk>/publish/", views.disclosure_publish, name="disclosure_publish"),
    path("disclosures/review/", views.disclosure_review, name="disclosure_review"),
]
