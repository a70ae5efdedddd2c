from __future__ import annotations

from django.urls import path

from npgov.enforcement.products import views

urlpatterns = [
    path("products/categories/", views.CategoryListView.as_view(), name="category_list"),
    path("products/limits/", views.LimitListView.as_view(), name="limit_list"),
    path("products/limits/<int:pk>/", views.LimitDetailView.as_view(), name="limit_detail"),
    path("products/samples/", views.ProductSampleListView.as_view(), name="product_sample_list"),
    path("products/samples/add/", views.ProductSampleEditView.as_view(), name="product_sample_add"),
    path("products/samples/<int:pk>/", views.ProductSampleDetailView.as_view(), name="product_sample_detail"),
    path("products/samples/<int:pk>/edit/", views.ProductSampleEditView.as_view(), name="product_sample_edit"),
    path("products/samples/<int:pk>/results/add/", views.ProductResultAddView.as_view(), name="product_result_add"),
    path("products/results/", views.ProductResultListView.as_view(), name="product_result_list"),
    path("products/results/import/", views.ProductResultImportView.as_view(), name="product_result_import"),
    path("products/trends/", views.product_trends, name="product_trends"),
]
