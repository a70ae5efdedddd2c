"""Who may reach the portal statistics routes (merged into tests/core/test_access_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Personas

EXPECTED_STATISTICS: dict[str, dict[str, Any]] = {}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    return {}
