"""Database helpers below the ORM."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

# The alias of the read replica (settings.DATABASES; the primary itself when DATABASE_REPLICA_URL is unset).
REPLICA = "replica"


def replica_alias() -> str:
    """The database to read statistics and exports from: ``"replica"`` or ``"default"`` (the primary).

    The replica when ``DATABASE_REPLICA_URL`` is set and this thread has no transaction open on the primary;
    inside one (an import refreshing statistics, a service reading what it just wrote) the primary, so that a
    transaction reads its own writes. Exports use it explicitly: ``queryset.using(replica_alias())``.
    """
    if not getattr(settings, "READ_FROM_REPLICA", False) or REPLICA not in settings.DATABASES:
        return DEFAULT_DB_ALIAS
    if primary_in_transaction():
        return DEFAULT_DB_ALIAS
    return REPLICA


def primary_in_transaction() -> bool:
    """Whether this thread holds an open transaction on the primary.

    The atomic block a Django TestCase wraps each test in does not count: a test sees what a request in
    autocommit sees.
    """
    primary = connections[DEFAULT_DB_ALIAS]
    return any(not getattr(block, "_from_testcase", False) for block in primary.atomic_blocks)


def side_connection() -> Any:
    """A second, autocommit PostgreSQL connection with the default database's settings, in UTC.

    For work that must not wait for, or join, the transaction open on Django's connection: progress a
    polling page can see during a long import, lookups of committed rows while a COPY is in flight.
    """
    import psycopg  # here: only PostgreSQL deployments open a side connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    side = psycopg.connect(**params, autocommit=True)
    side.execute("SET TIME ZONE 'UTC'")
    return side
