"""Viewsets of the core API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from npgov.core import filtersets
from npgov.core.api import serializers
from npgov.core.api.viewsets import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from npgov.core.models import Department, District, Job, LoginEvent, User


class DistrictViewSet(RestrictedModelViewSet):
    queryset = District.objects.select_related("parent")
    serializer_class = serializers.DistrictSerializer
    filterset_class = filtersets.DistrictFilterSet
    search_fields = ["code", "name_zh", "name_en"]
    ordering_fields = ["code", "name_zh"]


class DepartmentViewSet(RestrictedModelViewSet):
    queryset = Department.objects.select_related("city")
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    search_fields = ["code", "name_zh", "short_name_zh", "name_en"]
    ordering_fields = ["code", "name_zh"]


class UserViewSet(RestrictedReadOnlyViewSet):
    queryset = User.objects.select_related("department", "district")
    serializer_class = serializers.UserSerializer
    filterset_class = filtersets.UserFilterSet
    ordering_fields = ["username"]

    @extend_schema(responses=serializers.UserSerializer)
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The signed-in user."""
        return Response(self.get_serializer(request.user).data)


class JobViewSet(RestrictedReadOnlyViewSet):
    queryset = Job.objects.select_related("user")
    serializer_class = serializers.JobSerializer
    filterset_class = filtersets.JobFilterSet
    ordering_fields = ["created_at"]


class LoginEventViewSet(RestrictedReadOnlyViewSet):
    queryset = LoginEvent.objects.all()
    serializer_class = serializers.LoginEventSerializer
    filterset_class = filtersets.LoginEventFilterSet
    ordering_fields = ["at"]
