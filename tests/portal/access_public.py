"""Who may reach the portal's public routes (merged into tests/core/test_access_matrix.py).

The public shell's pages, downloads and open-data API are for everyone, signed in or not; the language switch
answers with a redirect (it sets the language cookie and goes back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access_expectations import OK, REDIRECT, api, page
from tests.conftest import Personas

EVERYONE = page(public=OK)

EXPECTED_PUBLIC: dict[str, dict[str, Any]] = {
    "portal:home": EVERYONE,
    "portal:language": page(public=REDIRECT, admin=REDIRECT, others=REDIRECT),
    "portal:opendata": EVERYONE,
    "portal:dataset_csv": page(public=OK, target="dataset"),
    "portal:dataset_json": page(public=OK, target="dataset"),
    "portal:about": EVERYONE,
    "api:portal-datasets": api(public=OK),
    "api:portal-dataset": api(public=OK, target="dataset"),
}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    return {"dataset": lambda: "enforcement-cases"}
