from __future__ import annotations

from django.urls import path

from npgov.capacity import views

app_name = "capacity"

urlpatterns = [
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/add/", views.ExpertEditView.as_view(), name="expert_add"),
    path("experts/import/", views.ExpertImportView.as_view(), name="expert_import"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("experts/<int:pk>/edit/", views.ExpertEditView.as_view(), name="expert_edit"),
    path("labs/", views.LabListView.as_view(), name="lab_list"),
    path("labs/add/", views.LabEditView.as_view(), name="lab_add"),
    path("labs/methods/import/", views.LabMethodImportView.as_view(), name="labmethod_import"),
    path("labs/<int:pk>/", views.LabDetailView.as_view(), name="lab_detail"),
    path("labs/<int:pk>/edit/", views.LabEditView.as_view(), name="lab_edit"),
    path("trainings/", views.TrainingListView.as_view(), name="training_list"),
    path("trainings/add/", views.TrainingEditView.as_view(), name="training_add"),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingEditView.as_view(), name="training_edit"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/add/", views.ProjectEditView.as_view(), name="project_add"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("funding/", views.FundingListView.as_view(), name="funding_list"),
    path("funding/add/", views.FundingEditView.as_view(), name="funding_add"),
    path("funding/<int:pk>/", views.FundingDetailView.as_view(), name="funding_detail"),
    path("funding/<int:pk>/edit/", views.FundingEditView.as_view(), name="funding_edit"),
]
