"""Business-rule errors and model validation errors become 400 responses with field messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from npgov.core.exceptions import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(detail={"detail": exc.message, **exc.extra})
    elif isinstance(exc, ProtectedError):
        conflict = exceptions.APIException(_("Other records still refer to this one; it cannot be deleted."))
        conflict.status_code = 409
        exc = conflict
    return drf_exception_handler(exc, context)
