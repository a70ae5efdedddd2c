"""Which database a query goes to: the primary, or its streaming replica for the maintained statistics.

With ``DATABASE_REPLICA_URL`` set, reads of the maintained monitoring statistics (the models named in
``REPLICA_READ_MODELS``) go to the replica, so that maps, site pages, the statistics API and the three-highs
screening do not load the primary that takes imports and edits. Exports choose the replica explicitly with
``.using(core.db.replica_alias())``: the router cannot tell an export's query from a page's.

Everything else — every write, and every read inside a transaction open on the primary (an import refreshing
the statistics reads its own writes) — stays on the primary. Models are named by label, not imported: core
sits below monitoring in the layer order.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS

from npgov.core.db import REPLICA, replica_alias

# Read-only, maintained rows that may trail the primary by the replica's lag (usually well under a second).
REPLICA_READ_MODELS = frozenset({"monitoring.summarycell", "monitoring.seriessummary"})


class ReplicaRouter:
    """Statistics reads to the replica when one is configured; all writes and migrations to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if model._meta.label_lower not in REPLICA_READ_MODELS:
            return None
        alias = replica_alias()
        return alias if alias == REPLICA else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        # A row read from the replica and saved again is written to the primary (Django would use the
        # database it came from).
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: relations across the two are relations within one database.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # The replica follows the primary's schema by replication; migrate (and makemigrations' history
        # check) never touch it.
        return False if db == REPLICA else None
