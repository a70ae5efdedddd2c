"""Public API of complaints (under /api/portal/): file a complaint, read its status by tracking code.

Both are anonymous (no authentication, no CSRF): filing counts against the same per-client limits as the
portal form and answers 429 beyond them; the status is what the portal's status page shows, nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.portal import ratelimit
from npgov.portal.complaints import forms, selectors, services
from npgov.portal.complaints.models import Complaint
from npgov.portal.complaints.views import CODE_LENGTH, request_too_large

TEXT_FIELDS = ("topic", "description", "address", "latitude", "longitude", "district", "occurred_on",
               "contact_name", "contact_phone", "contact_email")  # fmt: skip


STATUS_HELP = "One of: " + ", ".join(Complaint.Status.values) + "."


class ComplaintCreateSerializer(serializers.Serializer):
    """The complaint as the API takes it (documentation; the checks are the portal form's)."""

    topic = serializers.ChoiceField(choices=Complaint.Topic.choices)
    description = serializers.CharField(min_length=5, max_length=2000)
    address = serializers.CharField(max_length=200, required=False, help_text="Address or place.")
    latitude = serializers.FloatField(required=False, help_text="WGS-84 degrees; with longitude.")
    longitude = serializers.FloatField(required=False)
    district = serializers.CharField(required=False, help_text="GB/T 2260 code of the district, e.g. 210211.")
    occurred_on = serializers.DateField(required=False)
    contact_name = serializers.CharField(max_length=60, required=False)
    contact_phone = serializers.CharField(max_length=30, required=False)
    contact_email = serializers.EmailField(required=False)
    photos = serializers.ListField(
        child=serializers.ImageField(), max_length=3, required=False,
        help_text="Up to 3 images, as files named `photos` in a multipart request.",
    )  # fmt: skip


class ComplaintCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    status_url = serializers.URLField()


class StepSerializer(serializers.Serializer):
    step = serializers.CharField()
    at = serializers.DateTimeField()
    department = serializers.CharField()
    note = serializers.CharField()


class ComplaintStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    topic = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    received = serializers.DateField()
    due = serializers.DateField(allow_null=True)
    department = serializers.CharField()
    steps = StepSerializer(many=True)
    reply = serializers.CharField()
    replied = serializers.DateField(allow_null=True)
    status_url = serializers.URLField()


def _too_many(wait: int) -> Response:
    body = {"detail": _("Too many requests from your network. Please try again later."), "retry_after": wait}
    return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)})


def _status_url(request: Request, code: str) -> str:
    return request.build_absolute_uri(f"{reverse('portal:complaint_status')}?code={code}")


def _form_input(request: Request) -> tuple[dict[str, Any], Any, dict[str, list[str]]]:
    """The request's fields for the form, its files and any structural errors (nested values, photos in JSON)."""
    errors: dict[str, list[str]] = {}
    files = request.FILES
    if not isinstance(request.data, Mapping):
        return {}, files, {"non_field_errors": [_("Send an object with the complaint's fields.")]}
    is_json = not hasattr(request.data, "getlist")
    data: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        if key not in request.data:
            continue
        value = request.data.get(key)
        if isinstance(value, dict | list | bool):
            errors[key] = [_("A single value, please.")]
        else:
            data[key] = value
    if is_json and "photos" in request.data:
        errors["photos"] = [_("Send photos as files named photos in a multipart request.")]
    return data, files, errors


class ComplaintCreateView(APIView):
    """File a complaint or report (举报). Anonymous; at most a few per client and hour (then 429)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["portal"],
        operation_id="portal_complaints_create",
        request={"application/json": ComplaintCreateSerializer, "multipart/form-data": ComplaintCreateSerializer},
        responses={
            201: ComplaintCreatedSerializer,
            400: OpenApiResponse(description="Field errors: {field: [messages]}."),
            413: OpenApiResponse(description="The request is too large."),
            429: OpenApiResponse(description="Too many complaints from this client; see Retry-After."),
        },
        examples=[
            OpenApiExample(
                "JSON",
                request_only=True,
                value={
                    "topic": "emission",
                    "description": "河边排水口有刺鼻气味",
                    "latitude": 38.95,
                    "longitude": 121.46,
                },
            )
        ],  # fmt: skip
    )
    def post(self, request: Request) -> Response:
        if request_too_large(request._request):
            return Response({"detail": _("The request is too large.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        wait = ratelimit.retry_after(request._request, ratelimit.FILING)
        if wait is not None:
            return _too_many(wait)
        data, files, errors = _form_input(request)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        form = forms.ComplaintDataForm(data=data, files=files)
        if not form.is_valid():
            field_errors = {
                ("non_field_errors" if k == "__all__" else k): [str(e) for e in v] for k, v in form.errors.items()
            }
            return Response(field_errors, status=status.HTTP_400_BAD_REQUEST)
        complaint = services.complaint_file(
            data=form.to_input(), photos=form.cleaned_data["photos"], channel=Complaint.Channel.API,
            fingerprint=ratelimit.client_fingerprint(request._request),
        )  # fmt: skip
        ratelimit.count(request._request, ratelimit.FILING)
        body = {
            "tracking_code": complaint.tracking_code, "status": complaint.status,
            "status_label": str(complaint.get_status_display()),
            "status_url": _status_url(request, complaint.tracking_code),
        }  # fmt: skip
        location = request.build_absolute_uri(reverse("api:portal-complaint-detail", args=[complaint.tracking_code]))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class ComplaintStatusView(APIView):
    """The public status of a complaint: topic, status, dates, handling steps and the public reply."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["portal"],
        operation_id="portal_complaints_status",
        responses={
            200: ComplaintStatusSerializer,
            404: OpenApiResponse(description="No complaint has this tracking code."),
            429: OpenApiResponse(description="Too many lookups from this client; see Retry-After."),
        },
    )
    def get(self, request: Request, tracking_code: str) -> Response:
        wait = ratelimit.take(request._request, ratelimit.LOOKUP)
        if wait is not None:
            return _too_many(wait)
        code = services.normalise_code(tracking_code)
        found = selectors.public_status(code=code) if len(code) == CODE_LENGTH else None
        if found is None:
            return Response({"detail": _("No complaint has this tracking code.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(selectors.public_status_json(found, status_url=_status_url(request, code)))


urlpatterns = [
    path("complaints/", ComplaintCreateView.as_view(), name="portal-complaint-list"),
    path("complaints/<str:tracking_code>/", ComplaintStatusView.as_view(), name="portal-complaint-detail"),
]
