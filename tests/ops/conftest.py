"""Fixtures of the operations tests: a second, empty database to restore into."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

SCRATCH = "ops_scratch"


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers", "faults: disturbs shared services (kills workers, restarts PostgreSQL); runs with NPGOV_FAULTS=1"
    )


@pytest.fixture
def scratch_db(tmp_path: Path) -> Iterator[str]:
    """An empty database of the same engine under the alias ``ops_scratch``, dropped afterwards.

    PostgreSQL: a database of its own (``npgov_ops_scratch_<random>``), never the suite's or the CI's.
    """
    default = connections["default"]
    settings_dict: dict[str, Any] = {**default.settings_dict}
    name = None
    if default.vendor == "postgresql":
        name = f"npgov_ops_scratch_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        _admin(f'CREATE DATABASE "{name}"')
        settings_dict["NAME"] = name
    else:
        settings_dict["NAME"] = str(tmp_path / "scratch.sqlite3")
    # A connection made here, not declared in DATABASES: Django's test case allows such "dynamically
    # created" connections, and flushes only the suite's own database afterwards.
    connections[SCRATCH] = type(default)(settings_dict, alias=SCRATCH)
    try:
        yield SCRATCH
    finally:
        connections[SCRATCH].close()
        del connections[SCRATCH]
        if name:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(sql: str) -> None:
    import psycopg

    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(sql)
