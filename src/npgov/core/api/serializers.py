"""Serializers of the core API, and the base that runs the model's own validation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from npgov.core.models import Department, District, Job, LoginEvent, User
from npgov.core.numbers import clean_yes_no


def department_code_field(*, null: bool = False) -> serializers.SlugRelatedField[Department]:
    """A read-only department named by its code ("dl-eeb"); ``null``: the relation is optional (the schema says so)."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=null)


def district_code_field(*, null: bool = False) -> serializers.SlugRelatedField[District]:
    """A read-only district named by its GB/T 2260 code ("210211"); ``null``: the relation is optional."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=null)


def username_field() -> serializers.SlugRelatedField[User]:
    """A read-only user named by username."""
    return serializers.SlugRelatedField(slug_field="username", read_only=True)


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoField(serializers.Field):
    """A yes/no input that takes the usual Chinese and English words (是/否, yes/no, true/false, 1/0) and refuses
    the rest, as the forms and upload files do; answered as a JSON boolean."""

    def to_internal_value(self, data: Any) -> bool:
        try:
            value = clean_yes_no(data, required=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return bool(value)

    def to_representation(self, value: Any) -> bool:
        return bool(value)


class ModelCleanSerializer(serializers.ModelSerializer):
    """Run ``Model.full_clean()`` on the would-be instance, so the API enforces the same rules as forms."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = self.instance or model()
        plain = {k: v for k, v in attrs.items() if not model._meta.get_field(k).many_to_many}
        for key, value in plain.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(validate_unique=True, validate_constraints=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        # clean() may normalise values (a CAS RN typed with full-width digits): keep the clean ones.
        return {**attrs, **{key: getattr(instance, key) for key in plain}}


class DistrictSerializer(ModelCleanSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = District
        fields = ["id", "code", "name_zh", "name_en", "kind", "zone_label", "parent", "official_code",
                  "statistical_code", "verified", "source", "note", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


class DepartmentSerializer(ModelCleanSerializer):
    city = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.filter(kind="city"))

    class Meta:
        model = Department
        fields = ["id", "code", "city", "name_zh", "short_name_zh", "name_en", "aliases", "kind", "function",
                  "is_lead", "duties", "source", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


class UserSerializer(serializers.ModelSerializer):
    department = department_code_field(null=True)
    district = district_code_field(null=True)
    email = serializers.CharField(read_only=True, help_text="Empty when none is recorded.")

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "role",
            "department",
            "district",
            "email",
            "is_active",
            "last_login",
        ]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Tracebacks and server paths are for system administrators only.
    error = serializers.SerializerMethodField()
    params = serializers.SerializerMethodField()

    def _is_superuser(self) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.is_superuser)

    def get_error(self, job: Job) -> str:
        return job.error if self._is_superuser() else ("failed" if job.error else "")

    def get_params(self, job: Job) -> dict[str, Any]:
        return job.params if self._is_superuser() else {}

    class Meta:
        model = Job
        fields = ["id", "name", "task", "status", "progress", "message", "params", "result", "log", "error", "user",
                  "created_at", "started_at", "finished_at"]  # fmt: skip
        read_only_fields = fields


class LoginEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoginEvent
        fields = ["id", "at", "kind", "username", "ip_address", "user_agent"]
        read_only_fields = fields
