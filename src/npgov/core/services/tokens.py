"""Issue, find and revoke API tokens. The key exists in clear only in the answer that issues it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from npgov.core.models import ApiToken, User
from npgov.core.models.tokens import PREFIX_LENGTH

KEY_START = "npg_"
# last_used_at is written at most this often per token (not on every request: SQLite has one writer).
LAST_USED_GRANULARITY = timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid ``days`` days (default API_TOKEN_DAYS, at most API_TOKEN_MAX_DAYS).

    Returns the token and its key; the key is not stored and cannot be shown again."""
    days = min(days or settings.API_TOKEN_DAYS, settings.API_TOKEN_MAX_DAYS)
    key = KEY_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        prefix=key[:PREFIX_LENGTH],
        digest=_digest(key),
        expires_at=timezone.now() + timedelta(days=max(days, 1)),
    )
    return token, key


def api_token_find(*, key: str) -> ApiToken | None:
    """The active token of this key (not revoked, not expired, of an active user), or None."""
    if not key.startswith(KEY_START) or len(key) > 200:
        return None
    digest = _digest(key)
    now = timezone.now()
    candidates = ApiToken.objects.select_related("user").filter(
        prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True, expires_at__gt=now, user__is_active=True
    )
    for token in candidates:
        if hmac.compare_digest(token.digest, digest):
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
            return token
    return None


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of ``user``; the number revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_of(*, user: User) -> list[ApiToken]:
    """The user's tokens: the active ones first, then those ended in the last 90 days."""
    recent = timezone.now() - timedelta(days=90)
    rows = ApiToken.objects.filter(user=user).filter(
        Q(revoked_at__isnull=True, expires_at__gt=recent) | Q(revoked_at__gt=recent)
    )
    return sorted(rows, key=lambda t: (not t.active, -t.created_at.timestamp()))
