"""Pages of this portal area (namespace ``portal``)."""

from __future__ import annotations

from django.urls import path

from npgov.portal.complaints import views

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/done/", views.complaint_done, name="complaint_done"),
    path("complaints/status/", views.complaint_status, name="complaint_status"),
    path("complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/act/", views.complaint_act, name="complaint_act"),
    path("complaints/photos/<int:pk>/", views.complaint_photo, name="complaint_photo"),
]
