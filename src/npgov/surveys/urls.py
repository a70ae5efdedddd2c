from __future__ import annotations

from django.urls import path

from npgov.surveys import views

app_name = "surveys"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.CampaignEditView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("submissions/", views.SubmissionListView.as_view(), name="submission_list"),
    path("submissions/queue/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/lines/<int:line_pk>/edit/", views.line_edit, name="line_edit"),
    path("inventory/", views.inventory_view, name="inventory"),
]
