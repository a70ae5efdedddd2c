"""The signed-in user's notifications through the API: list them, mark them read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from npgov.notifications import selectors, services
from npgov.notifications.api import serializers
from npgov.notifications.models import Notification


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("kind", str, description="Only this kind."),
    OpenApiParameter("unread", bool, description="Only unread notifications."),
]))  # fmt: skip
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own notifications, unread first (nobody reads another user's)."""

    serializer_class = serializers.NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []
    queryset = Notification.objects.none()

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.notifications_of(
            user=self.request.user, kind=params.get("kind", ""), unread=params.get("unread") in ("1", "true")
        )

    @extend_schema(request=serializers.MarkReadSerializer, responses=serializers.MarkReadResultSerializer)
    @action(detail=False, methods=["post"], url_path="read")
    def read(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Mark the notifications ``ids`` read, or all of yours when no ids are given."""
        payload = serializers.MarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = payload.validated_data.get("ids")
        marked = services.mark_read(user=request.user, ids=ids)  # type: ignore[arg-type]
        return Response({"marked": marked, "unread": selectors.unread_count(user=request.user)})
