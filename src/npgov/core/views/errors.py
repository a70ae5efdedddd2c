"""The server-error handler (``handler500``): a clean page for the failures a deployment meets.

Every exception no view handled ends here, including those raised in middleware (the session, the user)
before any view runs, so one place covers every page and the API:

- the database cannot be reached (PostgreSQL restarting, a failover, the connection dropped): 503 with
  ``Retry-After``; with ``CONN_HEALTH_CHECKS`` the next request opens a fresh connection, no manual step;
- the disk is full (``ENOSPC``) or the file system read-only (``EROFS``) while an upload or export is
  written: 507, saying that nothing was saved;
- anything else: the plain 500 page.

The pages use no database and no base template (which would read the user and the navigation).
"""

from __future__ import annotations

import errno
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("npgov.errors")

STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def classify(exc: BaseException | None) -> str:
    """``"database"``, ``"storage"`` or ``"other"``, looking through chained exceptions."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (OperationalError, InterfaceError)):  # Django wraps the driver's errors in these
            return "database"
        if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
            return "storage"
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return "other"


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    exc = sys.exc_info()[1]
    kind = classify(exc)
    if kind == "database":
        status, title = 503, _("The service is briefly unavailable")
        message = _("The database cannot be reached at the moment. Please try again in a minute; nothing you "
                    "submitted in this request was saved.")  # fmt: skip
    elif kind == "storage":
        status, title = 507, _("The file could not be stored")
        message = _("The server has no room left to store files. Nothing of this upload was saved; please tell "
                    "the system administrator and try again later.")  # fmt: skip
    else:
        return HttpResponse(loader.get_template(template_name).render(), status=500)
    logger.error("%s answered %s: %s", request.path, status, exc)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=status)
    else:
        body = loader.render_to_string("core/errors/unavailable.html", {"title": title, "message": message})
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
