"""API permission: signed in (or a public model, read-only), and the role may do the action at all.

Which rows are reachable is decided by the viewset's restricted queryset; this class only answers
"may this user ever do this kind of request on this model".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework.permissions import SAFE_METHODS, BasePermission

from npgov.core.permissions import scope_of

METHOD_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class RestrictedModelPermission(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        model = _view_model(view)
        if model is None:
            return bool(request.user and request.user.is_authenticated)
        action = "view" if request.method in SAFE_METHODS else METHOD_ACTIONS.get(request.method, "change")
        if not request.user.is_authenticated:
            return action == "view" and scope_of(model).public is not None
        custom = getattr(view, "action_permission", None)
        if custom is not None and getattr(view, "action", None) in custom:
            action = custom[view.action]
        return scope_of(model).allows(request.user, action)


def _view_model(view: Any) -> type[Model] | None:
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None
