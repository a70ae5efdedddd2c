"""The one sanctioned place for signal receivers (STYLE.md): the audit of sign-ins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from npgov.core.choices import LoginEventKind
from npgov.core.models import LoginEvent, User


def _client(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {"ip_address": None, "user_agent": ""}
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    LoginEvent.objects.create(kind=LoginEventKind.LOGIN, user=user, username=user.get_username(), **_client(request))


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        LoginEvent.objects.create(
            kind=LoginEventKind.LOGOUT, user=user, username=user.get_username(), **_client(request)
        )


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    LoginEvent.objects.create(kind=LoginEventKind.FAILED, username=username, **_client(request))
