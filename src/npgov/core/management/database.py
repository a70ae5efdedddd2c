"""What ``npgov <command>`` says when the database is not ready, instead of a traceback.

A command run before ``npgov migrate`` (``npgov classify`` on a fresh installation, say) fails on its
first query. ``run_command`` catches that database error, finds out why — migrations not applied, or no
database to connect to — and prints one line saying what to do, then exits with status 1. Any other error,
and a database error while the migrations are all applied, propagates unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

MIGRATE_HINT = "The database is not set up yet: run `npgov migrate` first (then `npgov reference` or `npgov demo`)."
CONNECT_HINT = "Cannot open the database set by DATABASE_URL ({error}): check the setting and that the server runs."


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations are not applied to the database (raises DatabaseError when it cannot be reached)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def database_problem(error: DatabaseError) -> str | None:
    """One line explaining ``error`` when it comes from a database that is not ready, else None."""
    try:
        pending = pending_migrations()
    except DatabaseError as exc:
        return CONNECT_HINT.format(error=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    return MIGRATE_HINT if pending else None


def run_command(execute: Callable[[list[str]], None], argv: list[str]) -> None:
    """Run ``execute(argv)``; on a database that is not ready, print what to run and exit with status 1."""
    try:
        execute(argv)
    except DatabaseError as error:
        problem = database_problem(error)
        if problem is None:
            raise
        sys.stderr.write(f"npgov {argv[1] if len(argv) > 1 else ''}: {problem}\n".replace(" :", ":"))
        sys.exit(1)
