"""Who may reach the portal statistics routes (merged into tests/core/test_access_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access_expectations import ADMIN_ONLY_PAGE, LOGIN, OK, page
from tests.conftest import Personas

PUBLIC = {"admin": OK, "others": OK, "public": OK}

EXPECTED_STATISTICS: dict[str, dict[str, Any]] = {
    "portal:monitoring": page(**PUBLIC),
    "portal:monitoring_substance": page(**PUBLIC, target="portal_monitored_substance"),
    "portal:lists": page(**PUBLIC),
    "portal:list_detail": page(**PUBLIC, target="list"),
    "portal:substances": page(**PUBLIC),
    "portal:substance_card": page(**PUBLIC, target="substance"),
    "portal:progress": page(**PUBLIC),
    # the bureau's choice of what is published: bureau and system administrators only
    "portal:settings": page(**ADMIN_ONLY_PAGE, public=LOGIN),
}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    def monitored() -> int:
        from tests.monitoring.factories import ResultFactory  # noqa: PLC0415

        return ResultFactory().substance_id

    return {"portal_monitored_substance": monitored}
