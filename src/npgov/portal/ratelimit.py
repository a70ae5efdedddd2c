"""Rate limits of the portal's anonymous writes and lookups, counted per client in fixed windows in the cache.

A client is its network address: ``REMOTE_ADDR``, or, when the deployment says it runs behind a proxy
(``settings.BEHIND_TLS_PROXY``), the last address of ``X-Forwarded-For`` — the one our proxy appended; the
earlier ones are whatever the client sent. Otherwise the header is ignored, as
anyone can send it). Only a salted hash of the address is kept (HMAC with the SECRET_KEY): in the cache keys
and in a complaint's ``client_fingerprint``. Filing a complaint through the form and through the API counts
against the same limits (PORTAL_COMPLAINTS_PER_HOUR and _PER_DAY); status lookups have a higher limit of
their own, so that tracking codes cannot be guessed by trying.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

HOUR, DAY = 3600, 86400
FILING = "complaint"
LOOKUP = "status"
LOOKUPS_PER_HOUR = 120  # status lookups per client and hour (a person checks a few codes, a guesser thousands)


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int


def client_address(request: HttpRequest) -> str:
    """The client's address: the proxy's forwarded one only when the deployment is behind a proxy."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def client_fingerprint(request: HttpRequest) -> str:
    """A salted hash of the client's address (64 hex digits): the same client gives the same fingerprint."""
    key = f"npgov.portal.client:{settings.SECRET_KEY}".encode()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()


def windows(scope: str) -> tuple[Window, ...]:
    if scope == FILING:
        return (
            Window(settings.PORTAL_COMPLAINTS_PER_HOUR, HOUR),
            Window(settings.PORTAL_COMPLAINTS_PER_DAY, DAY),
        )
    return (Window(getattr(settings, "PORTAL_STATUS_LOOKUPS_PER_HOUR", LOOKUPS_PER_HOUR), HOUR),)


def _key(scope: str, fingerprint: str, window: Window, now: float) -> tuple[str, int]:
    index = int(now // window.seconds)
    retry_after = int((index + 1) * window.seconds - now) + 1
    return f"portal:rate:{scope}:{window.seconds}:{index}:{fingerprint[:32]}", retry_after


def retry_after(request: HttpRequest, scope: str, *, now: float | None = None) -> int | None:
    """Seconds until the client may try again when a window of ``scope`` is used up, else None."""
    now = time.time() if now is None else now
    fingerprint = client_fingerprint(request)
    waits = []
    for window in windows(scope):
        key, wait = _key(scope, fingerprint, window, now)
        if int(cache.get(key, 0)) >= window.limit:
            waits.append(wait)
    return max(waits) if waits else None


def count(request: HttpRequest, scope: str, *, now: float | None = None) -> None:
    """Count one use of ``scope`` by the client in every window."""
    now = time.time() if now is None else now
    fingerprint = client_fingerprint(request)
    for window in windows(scope):
        key, _wait = _key(scope, fingerprint, window, now)
        cache.add(key, 0, timeout=window.seconds + 60)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window.seconds + 60)


def take(request: HttpRequest, scope: str) -> int | None:
    """Check and count in one step: None when allowed (and counted), else the seconds to wait."""
    wait = retry_after(request, scope)
    if wait is None:
        count(request, scope)
    return wait
