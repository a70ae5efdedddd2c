from __future__ import annotations

from django.urls import path

from npgov.risk import views, views_hazard, views_planning, views_priority

app_name = "risk"

urlpatterns = [
    path("pnecs/", views.PnecListView.as_view(), name="pnec_list"),
    path("pnecs/add/", views.PnecEditView.as_view(), name="pnec_add"),
    path("pnecs/<int:pk>/edit/", views.PnecEditView.as_view(), name="pnec_edit"),
    path("pnecs/import/", views.PnecImportView.as_view(), name="pnec_import"),
    path("three-highs/", views.screening, name="screening"),
    path("hazard/", views_hazard.HazardListView.as_view(), name="hazard_list"),
    path("hazard/add/", views_hazard.HazardEditView.as_view(), name="hazard_add"),
    path("hazard/<int:pk>/edit/", views_hazard.HazardEditView.as_view(), name="hazard_edit"),
    path("hazard/import/", views_hazard.HazardImportView.as_view(), name="hazard_import"),
    path("hazard/substances/<int:substance_pk>/", views_hazard.hazard_profile_view, name="hazard_profile"),
    path("hazard/substances/<int:substance_pk>/adopt-pnec/", views_hazard.pnec_adopt_view, name="pnec_adopt"),
    path("endpoints/", views_hazard.EndpointListView.as_view(), name="endpoint_list"),
    path("endpoints/add/", views_hazard.EndpointEditView.as_view(), name="endpoint_add"),
    path("endpoints/<int:pk>/edit/", views_hazard.EndpointEditView.as_view(), name="endpoint_edit"),
    path("endpoints/import/", views_hazard.EndpointImportView.as_view(), name="endpoint_import"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/add/", views.run_add, name="run_add"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/map/", views.run_map, name="run_map"),
    path("runs/<int:pk>/substances/<int:substance_pk>/", views.run_substance, name="run_substance"),
    path("priority-lists/", views_priority.PriorityListView.as_view(), name="priority_list"),
    path("priority-lists/add/", views_priority.priority_add, name="priority_add"),
    path("priority-lists/<int:pk>/", views_priority.priority_detail, name="priority_detail"),
    path("priority-lists/<int:pk>/items/", views_priority.priority_items, name="priority_items"),
    path("priority-lists/<int:pk>/experts/", views_priority.priority_experts, name="priority_experts"),
    path("priority-lists/<int:pk>/review/", views_priority.priority_review, name="priority_review"),
    path("priority-lists/<int:pk>/publish/", views_priority.priority_publish, name="priority_publish"),
    path("priority-lists/<int:pk>/withdraw/", views_priority.priority_withdraw, name="priority_withdraw"),
    path("monitoring-plan/draft/", views_planning.plan_draft_view, name="plan_draft"),
]
