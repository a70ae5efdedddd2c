"""The base viewset of every app's API: restricted querysets, atomic writes, scope re-check, history."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import viewsets

from npgov.core.permissions import ensure_visible

ACTION_FOR_METHOD = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
                     "PATCH": "change", "DELETE": "delete"}  # fmt: skip


class RestrictedViewSetMixin:
    """Start every request from ``restrict(user, action)``; same scoping as the pages."""

    queryset: Any
    request: Any

    def get_queryset(self) -> Any:
        action = ACTION_FOR_METHOD.get(self.request.method, "view")
        return self.queryset.restrict(self.request.user, action)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    def perform_create(self, serializer: Any) -> None:
        with transaction.atomic():
            obj = serializer.save()
            ensure_visible(self.request.user, [obj], "add")

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic():
            obj = serializer.save()
            ensure_visible(self.request.user, [obj], "change")

    def perform_destroy(self, instance: Any) -> None:
        with transaction.atomic():
            instance.delete()
