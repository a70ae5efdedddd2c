"""Type names shared by every app: who a user may be, and a request whose user is signed in.

Typing only: ``User`` is imported under ``TYPE_CHECKING`` because ``npgov.core.models`` imports
``npgov.core.permissions``, and importing models here at run time would close that circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from npgov.core.models import User

# Anyone who can reach a page or the API, the public included: permission checks, restrict(), menus.
AnyUser: TypeAlias = "User | AnonymousUser"

# Told ``(done, total)`` as a long computation advances (a job's progress bar); its return value is ignored.
ProgressCallback: TypeAlias = Callable[[int, int], object]


class SignedInRequest(HttpRequest):
    """A request to a page behind LoginRequiredMiddleware (or a login-only API): the public never gets here."""

    user: User
