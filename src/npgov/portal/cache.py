"""The portal's page cache: public pages and downloads are served from the cache on a busy day.

Only anonymous GET/HEAD requests that answer 200 without setting a cookie are cached, keyed by the portal's
version, the language and the full path. Publishing anything the portal shows calls ``invalidate_portal()``,
which moves the version on: every cached page is stale at once, whichever process cached it. Entries also
expire after PORTAL_CACHE_SECONDS, for data that changes without a publication (monitoring imports).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
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
    return f"portal:page:{portal_version()}:{get_language()}:{request.method}:{digest}"


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
                return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        if anonymous and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        if cacheable and response.status_code == 200 and not response.cookies and not response.streaming:
            response["X-Cache"] = "miss"
            cache.set(key, response, timeout=settings.PORTAL_CACHE_SECONDS)
        return response

    return wrapper
