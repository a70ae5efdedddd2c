"""Failed sign-in rates beyond django-axes' lockout of one user name from one address.

- **Per address**: many user names tried from one address (password spraying) — more than
  LOGIN_IP_FAILURE_LIMIT failures in LOGIN_IP_WINDOW_MINUTES refuse further attempts from it. The limit is
  well above one person's mistakes: a government office signs in from behind one address.
- **Global**: a credential-stuffing wave from many addresses — more than LOGIN_GLOBAL_FAILURE_LIMIT failures
  in LOGIN_GLOBAL_WINDOW_MINUTES platform-wide. During a wave an address that has itself failed
  LOGIN_WAVE_IP_FAILURES times is refused (the wave's sources are cut off after a few tries each) while
  people who type their password right keep signing in: a wave must not lock the whole platform out.

Counts live in the shared cache (every web process sees them) in fixed windows; the current and the previous
window are added, so a limit holds over at least one full window.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PREFIX = "npgov:login-failures"


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address  # the address axes uses (proxy settings included)

    return get_client_ip_address(request) or ""


def _bucket(window_seconds: int, offset: int = 0) -> int:
    return int(time.time() // window_seconds) - offset


def _count(name: str, window_seconds: int) -> int:
    keys = [f"{PREFIX}:{name}:{_bucket(window_seconds, back)}" for back in (0, 1)]
    return sum(int(v or 0) for v in cache.get_many(keys).values())


def _add(name: str, window_seconds: int) -> None:
    key = f"{PREFIX}:{name}:{_bucket(window_seconds)}"
    if not cache.add(key, 1, timeout=2 * window_seconds + 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=2 * window_seconds + 60)


def _windows() -> tuple[int, int]:
    return settings.LOGIN_IP_WINDOW_MINUTES * 60, settings.LOGIN_GLOBAL_WINDOW_MINUTES * 60


def login_failure_record(request: HttpRequest | None) -> None:
    ip_window, global_window = _windows()
    address = client_address(request)
    if address:
        _add(f"ip:{address}", ip_window)
    _add("all", global_window)


def login_limit_reason(request: HttpRequest | None) -> str | None:
    """Why a sign-in attempt from this request is refused now (a translated message), or None."""
    ip_window, global_window = _windows()
    address = client_address(request)
    from_address = _count(f"ip:{address}", ip_window) if address else 0
    minutes = settings.LOGIN_IP_WINDOW_MINUTES
    if from_address >= settings.LOGIN_IP_FAILURE_LIMIT:
        return ngettext(
            "Too many failed sign-ins from your network address. Try again in %(minutes)d minute.",
            "Too many failed sign-ins from your network address. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    wave = _count("all", global_window) >= settings.LOGIN_GLOBAL_FAILURE_LIMIT
    if wave and from_address >= settings.LOGIN_WAVE_IP_FAILURES:
        return _(
            "Sign-in is restricted because of many failed sign-ins across the platform. "
            "Try again in %(minutes)d minutes, or ask your system administrator."
        ) % {"minutes": settings.LOGIN_GLOBAL_WINDOW_MINUTES}
    return None


class LoginRateBackend:
    """Before ModelBackend in AUTHENTICATION_BACKENDS: refuses every password check while a limit holds (the admin's
    login, the API token endpoint and the sign-in page alike). The pages show the reason themselves.

    Deliberately without ``get_user``: it never signs anybody in (and Django's test client's force_login picks
    the first backend that has one)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is not None and login_limit_reason(request):
            raise PermissionDenied
        return


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any) -> None:
    login_failure_record(request)




def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """axes' answer to a locked-out sign-in: the lockout page, or JSON under /api/ (a program reads the reason)."""
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext

    message = gettext("Too many failed sign-in attempts. Try again later, or ask your system administrator to "
                      "unlock the account.")  # fmt: skip
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "core/lockout.html", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
    return response
