"""The public pages' cache: the portal's pages and downloads (and the published enforcement pages) are served
from the cache on a busy day.

Only anonymous GET/HEAD requests that answer 200 without setting a cookie (and without a CSRF token in the
body, a session write or a message) are cached, keyed by the portal's version, the language and the full path.
Publishing anything the portal shows calls ``invalidate_portal()``, which moves the version on: every cached
page is stale at once, whichever process cached it (``portal/public/receivers.py`` does it for the lower apps'
publications). Entries also expire after PORTAL_CACHE_SECONDS, for data that changes without a publication.

Each cached page carries an ETag (a digest of its body): a browser or proxy that asks again with
``If-None-Match`` gets ``304 Not Modified`` and no body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "portal:version"
# What browsers and proxies may keep: short, so that a publication shows within a minute everywhere.
BROWSER_MAX_AGE = 60


def portal_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def invalidate_portal() -> None:
    """Make every cached public page stale (call on publication of anything the portal shows)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): start one above any an old page may carry
        cache.set(VERSION_KEY, portal_version() + 1, timeout=None)


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # HEAD is answered from the GET entry (Django drops the body of a HEAD response on the way out).
    return f"portal:page:{portal_version()}:{get_language()}:GET:{digest}"


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _not_modified(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase | None:
    etag = response.get("ETag")
    asked = request.headers.get("If-None-Match", "")
    if not etag or not asked:
        return None
    if asked.strip() != "*" and etag not in [tag.strip().removeprefix("W/") for tag in asked.split(",")]:
        return None
    not_modified = HttpResponseNotModified()
    for header in ("ETag", "Cache-Control", "Vary", "Content-Language"):
        if header in response:
            not_modified[header] = response[header]
    not_modified["X-Cache"] = "hit"
    return not_modified


def _per_visitor(request: HttpRequest) -> bool:
    """Whether the view wrote to the visitor's session or showed them a message (their cookies come later, from
    the middleware, so the response cannot tell yet)."""
    session = getattr(request, "session", None)
    if session is not None and getattr(session, "modified", False):
        return True
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(getattr(storage, "_queued_messages", None)) or (
        getattr(storage, "used", False) and bool(getattr(storage, "_loaded_messages", None))
    )


def _may_store(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A response that is the same for every visitor: 200, complete, no cookie, no CSRF token in its body, no
    session write and no message."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not _per_visitor(request)
    )


def public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve the view from the cache for anonymous visitors; mark its caching headers for everyone."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        anonymous = not request.user.is_authenticated
        cacheable = anonymous and request.method in ("GET", "HEAD") and settings.PORTAL_CACHE_SECONDS > 0
        key = _key(request) if cacheable else ""
        if cacheable:
            cached = cache.get(key)
            if cached is not None:
                cached["X-Cache"] = "hit"
                return _not_modified(request, cached) or cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        if anonymous and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        if cacheable and _may_store(request, response):
            response["ETag"] = _etag(cast(HttpResponse, response).content)  # not streaming: has its content
            response["X-Cache"] = "miss"
            cache.set(key, response, timeout=settings.PORTAL_CACHE_SECONDS)
            return _not_modified(request, response) or response
        return response

    return wrapper
