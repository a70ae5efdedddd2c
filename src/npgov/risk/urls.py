from __future__ import annotations

from django.urls import path

from npgov.risk import views

app_name = "risk"

urlpatterns = [
    path("pnecs/", views.PnecListView.as_view(), name="pnec_list"),
    path("three-highs/", views.screening, name="screening"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/add/", views.run_add, name="run_add"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
]
