"""Sign-in, sign-out, password change, language switch: the only pages besides the portal open to all."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from npgov.core.forms import LoginForm
from npgov.core.loginlimits import login_limit_reason


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refuse at once, with the reason, while a per-address or platform-wide failure limit holds."""
        reason = login_limit_reason(request)
        if reason:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, reason)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The API tokens of the user end with the old password (core.models.tokens revokes them on save).
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, open to visitors who are not signed in (the login page has it)."""
    return django_set_language(request)


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
