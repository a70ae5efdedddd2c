from __future__ import annotations

from django.urls import path

from npgov.enforcement.inspections import views

urlpatterns = [
    path("inspectors/", views.InspectorListView.as_view(), name="inspector_list"),
    path("inspectors/add/", views.InspectorEditView.as_view(), name="inspector_add"),
    path("inspectors/import/", views.InspectorImportView.as_view(), name="inspector_import"),
    path("inspectors/<int:pk>/edit/", views.InspectorEditView.as_view(), name="inspector_edit"),
    path("draws/", views.InspectionDrawListView.as_view(), name="draw_list"),
    path("draws/add/", views.draw_add, name="draw_add"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="draw_publish"),
    path("public/draws/", views.public_draws, name="public_draws"),
    path("public/draws/<int:pk>/", views.public_draw, name="public_draw"),
    path("public/cases/", views.public_cases, name="public_cases"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/add/", views.CaseEditView.as_view(), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", views.CaseEditView.as_view(), name="case_edit"),
]
