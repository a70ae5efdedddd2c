"""System checks for production settings, and the file modes of the embedded database.

``npgov check`` (and every management command, and ``npgov check --deploy``) warns when production runs
on a set-up that works but is not fit for it. The warnings are English, like Django's own checks: they are
read by the operator in the console, not by users.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def _production() -> bool:
    return bool(getattr(settings, "PRODUCTION", False)) and not settings.DEBUG


@register(Tags.security)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not _production():
        return []
    warnings: list[CheckMessage] = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        warnings.append(Warning(
            "Production runs on SQLite (the embedded default).",
            hint="Set DATABASE_URL=postgres://… : SQLite has one writer; imports and sign-ins wait for each other.",
            id="npgov.W001",
        ))  # fmt: skip
    if not settings.CELERY_BROKER_URL:
        warnings.append(Warning(
            "Production runs without a job broker: long jobs run in threads of the web processes.",
            hint="Set CELERY_BROKER_URL=redis://… and run a Celery worker (docs/operations.md).",
            id="npgov.W002",
        ))  # fmt: skip
    if "*" in settings.ALLOWED_HOSTS:
        warnings.append(Warning(
            "ALLOWED_HOSTS contains '*': any Host header is accepted (password-reset and email links can be forged).",
            hint="List the host names the platform is reached at.",
            id="npgov.W003",
        ))  # fmt: skip
    if not settings.SECURE_HSTS_SECONDS:
        warnings.append(Warning(
            "SECURE_HSTS_SECONDS is 0: browsers are not told to use HTTPS only.",
            hint="Once the site is served over HTTPS only, set SECURE_HSTS_SECONDS=31536000.",
            id="npgov.W004",
        ))  # fmt: skip
    return warnings


def _server(settings_dict: Mapping[str, Any]) -> tuple[str, str, str]:
    """(host, port, database name) of a connection's settings, loopback names and empty parts normalised."""
    host = str(settings_dict.get("HOST") or "localhost").lower()
    if host in ("127.0.0.1", "::1", "[::1]", "localhost") or host.startswith("/"):
        host = "localhost"  # a Unix socket directory is this machine too
    return host, str(settings_dict.get("PORT") or "5432"), str(settings_dict.get("NAME") or "")


@register(Tags.database)
def replica_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """DATABASE_REPLICA_URL must name a replica, not the primary again (statistics would load the primary).

    Without a connection it compares the two URLs' server and database; ``npgov check --database replica``
    also asks the server whether it is a standby (``pg_is_in_recovery()``).
    """
    if not getattr(settings, "DATABASE_REPLICA_URL", "") or "replica" not in settings.DATABASES:
        return []
    replica = settings.DATABASES["replica"]
    hint = "Set DATABASE_REPLICA_URL to the streaming replica (hot standby) of DATABASE_URL, or unset it."
    if _server(replica) == _server(settings.DATABASES["default"]):
        return [Warning(
            "DATABASE_REPLICA_URL points to the primary database (DATABASE_URL): statistics and exports gain nothing.",
            hint=hint, id="npgov.W005",
        )]  # fmt: skip
    if "replica" not in (kwargs.get("databases") or ()):
        return []
    from django.db import DatabaseError, connections

    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            standby = bool(cursor.fetchone()[0])
    except DatabaseError as exc:
        return [Warning(f"The replica (DATABASE_REPLICA_URL) cannot be queried: {exc}".strip(), hint=hint,
                        id="npgov.W006")]  # fmt: skip
    if not standby:
        return [Warning(
            "DATABASE_REPLICA_URL points to a primary server (not in recovery): reads may see other data than "
            "the platform writes.",
            hint=hint, id="npgov.W005",
        )]  # fmt: skip
    return []


PRIVATE_FILE = 0o600


def restrict_file(path: Path | str) -> None:
    """Take group and other permissions off a file (the database, its journal files)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


@receiver(connection_created)
def _restrict_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """The SQLite database file (and its -wal and -shm files) readable by the service's user alone."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name.startswith(":memory:") or "mode=memory" in name:
        return
    for suffix in ("", "-wal", "-shm"):
        restrict_file(name + suffix)
