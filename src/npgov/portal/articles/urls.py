"""Pages of the science articles (namespace ``portal``): public list and pages, images, the bureau's editor."""

from __future__ import annotations

from django.urls import path

from npgov.portal.articles import views

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/images/<int:pk>/", views.article_image, name="article_image"),
    path("articles/manage/", views.article_manage, name="article_manage"),
    path("articles/manage/new/", views.article_add, name="article_add"),
    path("articles/manage/<int:pk>/", views.article_edit, name="article_edit"),
    path("articles/manage/preview/", views.article_preview, name="article_preview"),
    path("articles/manage/<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("articles/manage/<int:pk>/images/", views.article_image_upload, name="article_image_upload"),
    path("articles/manage/images/<int:pk>/delete/", views.article_image_delete, name="article_image_delete"),
]
