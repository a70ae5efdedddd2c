from __future__ import annotations

from django.urls import path

from npgov.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/add/", views.SiteEditView.as_view(), name="site_add"),
    path("sites/import/", views.SiteImportView.as_view(), name="site_import"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteEditView.as_view(), name="site_edit"),
    path("sites/<int:pk>/series/", views.site_series, name="site_series"),
    path("map/", views.map_page, name="map"),
    path("map/data/", views.map_data, name="map_data"),
    path("results/", views.ResultListView.as_view(), name="result_list"),
    path("results/import/", views.ResultImportView.as_view(), name="result_import"),
    path("results/import/mapping/", views.ResultMappingView.as_view(), name="result_mapping"),
    path("batches/", views.BatchListView.as_view(), name="batch_list"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("batches/<int:pk>/withdraw/", views.batch_withdraw, name="batch_withdraw"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanEditView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("campaigns/add/", views.SamplingCampaignEditView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/edit/", views.SamplingCampaignEditView.as_view(), name="campaign_edit"),
    path("substances/<int:pk>/", views.substance_monitoring, name="substance_monitoring"),
]
