"""Database helpers below the ORM."""

from __future__ import annotations

from typing import Any

from django.db import connection


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
