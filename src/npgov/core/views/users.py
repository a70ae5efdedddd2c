"""Pages for user accounts and the sign-in audit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from npgov.core import filtersets, forms, tables
from npgov.core.models import LoginEvent, User
from npgov.core.views import generic


class UserListView(generic.ObjectListView):
    queryset = User.objects.select_related("department", "district")
    filterset_class = filtersets.UserFilterSet
    table_class = tables.UserTable
    url_prefix = "core:user"
    export_name = "users"
    help_text = _("Each user has one role; department and district users are tied to their organisation.")


class UserDetailView(generic.ObjectDetailView):
    queryset = User.objects.select_related("department", "district")
    url_prefix = "core:user"
    fields = ("username", "display_name", "role", "department", "district", "email", "phone", "is_active",
              "last_login", "date_joined")  # fmt: skip


class UserEditView(generic.ObjectEditView):
    queryset = User.objects.all()
    form_class = forms.UserForm
    url_prefix = "core:user"

    def get_object(self, pk: int | None) -> Any:
        obj = super().get_object(pk)
        # Only a superuser manages superuser and staff accounts (they reach the Django admin).
        if obj is not None and (obj.is_superuser or obj.is_staff) and not self.request.user.is_superuser:
            raise PermissionDenied
        return obj

    def form_kwargs(self) -> dict[str, Any]:
        return {"editor": self.request.user}


class LoginEventListView(generic.ObjectListView):
    queryset = LoginEvent.objects.all()
    filterset_class = filtersets.LoginEventFilterSet
    table_class = tables.LoginEventTable
    url_prefix = "core:loginevent"
    export_name = "sign-in-audit"
    help_text = _("Every sign-in, sign-out and failed attempt, newest first.")
