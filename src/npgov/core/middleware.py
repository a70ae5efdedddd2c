"""Login required everywhere except views marked public, and the REST API (which answers 401/403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase
from rest_framework.views import APIView


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's middleware, except that API views answer for themselves.

    An API client must get 401/403 with a JSON body, not a redirect to an HTML login page; DRF's
    authentication and the default permission class enforce sign-in there.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[Any, Any],
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user (pages, API, downloads).

    What a signed-in user sees is never kept by a shared proxy nor by the browser's cache after sign-out. The
    anonymous portal pages keep their own public caching (core.pagecache); static files are answered by
    WhiteNoise before this middleware runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


class RejectNulMiddleware:
    """Refuse a request whose parameters or JSON body hold a NUL character, with 400, before any view.

    No text in NPGov may hold NUL, and PostgreSQL refuses it even in a lookup (a district code "\\x00" sent to
    a form or the API would otherwise end in a database error, a 500). Forms' text fields refuse it already;
    this closes every other path — choices looked up by code, filters, JSON bodies — in one place.
    Uploaded files are not looked at here: importers read them as data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._holds_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext

            message = gettext("The request holds a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _holds_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in _pairs(request.GET)):
            return True
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                return any("\x00" in key or any("\x00" in value for value in values)
                           for key, values in request.POST.lists())  # fmt: skip
            if "json" in content_type:
                body = request.body
                return b"\\u0000" in body or b"\x00" in body
        return False


def _pairs(query: Any) -> list[tuple[str, str]]:
    return [(key, value) for key, values in query.lists() for value in values]
