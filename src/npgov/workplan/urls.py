from __future__ import annotations

from django.urls import path

from npgov.workplan import views

app_name = "workplan"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/evaluation/", views.plan_evaluation, name="plan_evaluation"),
    path("plans/<int:pk>/evaluation/freeze/", views.plan_evaluation_freeze, name="plan_evaluation_freeze"),
    path("plans/<int:pk>/evaluation/compare/", views.plan_evaluation_compare, name="plan_evaluation_compare"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("requests/", views.ProgressRequestListView.as_view(), name="request_list"),
    path("requests/add/", views.request_add, name="request_add"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/circular/", views.circular_add, name="circular_add"),
    path("reports/<int:pk>/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/evidence/", views.report_evidence, name="report_evidence"),
    path("orders/", views.SupervisionOrderListView.as_view(), name="order_list"),
    path("orders/add/", views.order_add, name="order_add"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("kpis/", views.KpiListView.as_view(), name="kpi_list"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi_detail"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
