from __future__ import annotations

from django.urls import path

from npgov.enforcement.trade import views

urlpatterns = [
    path("trade-checks/", views.TradeCheckListView.as_view(), name="trade_check_list"),
    path("trade-checks/add/", views.TradeCheckEditView.as_view(), name="trade_check_add"),
    path("trade-checks/<int:pk>/", views.TradeCheckDetailView.as_view(), name="trade_check_detail"),
    path("trade-checks/<int:pk>/edit/", views.TradeCheckEditView.as_view(), name="trade_check_edit"),
]
