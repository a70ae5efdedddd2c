"""The one sanctioned place for signal receivers (STYLE.md): the audit of sign-ins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from npgov.core.choices import LoginEventKind
from npgov.core.models import LoginEvent, User

# Something happened that other parts of the platform react to (notifications, KPI recomputation).
# Services send it after their transaction commits, with keyword arguments:
#   kind: str                 e.g. "submission_returned", "submission_accepted", "finding_opened", "finding_closed",
#                             "review_assigned", "priority_list_published", "dispatch_received", "import_finished"
#   key: str                  the object, e.g. "surveys.submission:12"
#   recipients: tuple[int,...] user ids to notify (may be empty: KPI-only events)
#   title: str                plain text naming the object
#   url: str                  where the object is seen
#   due: date | None          a deadline that comes with it (a rectification due date, say)
#   note: str                 e.g. the reviewers' comment
# Lower apps send it; higher apps (notifications, workplan) connect receivers in their AppConfig.ready().
domain_event = Signal()


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


def emit(kind: str, *, key: str, recipients: tuple[int, ...] = (), title: str = "", url: str = "",
         due: Any = None, note: str = "", actor: User | None = None) -> None:  # fmt: skip
    """Send ``domain_event`` once the current transaction commits (at once outside one)."""
    from django.db import transaction

    def send() -> None:
        domain_event.send(
            sender=kind, kind=kind, key=key, recipients=tuple(recipients), title=title, url=url,
            due=due, note=note, actor=actor,
        )  # fmt: skip

    transaction.on_commit(send)
