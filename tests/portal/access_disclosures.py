"""Who may reach the portal's disclosures routes (merged into tests/core/test_access_matrix.py).

The public pages show published versions to everyone; the enterprise workspace is for enterprise users and
their own enterprises only (another enterprise's year answers 404); the review is for the bureau and districts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access_expectations import METHOD, NOT_ALLOWED, NOT_FOUND, OK, page
from tests.conftest import Personas
from tests.enterprises.factories import EnterpriseFactory
from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory

ENTERPRISE_ONLY = {**page(admin=NOT_ALLOWED, others=NOT_ALLOWED), "enterprise": OK}
REVIEWERS = {**page(others=NOT_ALLOWED), "district": OK}

EXPECTED_DISCLOSURES: dict[str, dict[str, Any]] = {
    "portal:disclosure_list": page(public=OK),
    "portal:disclosure_detail": page(public=OK, target="published_disclosure"),
    "portal:my_disclosures": ENTERPRISE_ONLY,
    # another enterprise's year: not found for an enterprise user, not allowed for the other roles
    "portal:disclosure_edit": {**ENTERPRISE_ONLY, "enterprise": NOT_FOUND, "target": "disclosure_year"},
    "portal:disclosure_publish": page(admin=METHOD, others=METHOD, target="draft_disclosure"),
    "portal:disclosure_review": REVIEWERS,
}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    other = EnterpriseFactory()  # not the enterprise persona's
    published = DisclosureFactory(enterprise=other, year=2024, published=True)
    DisclosureLineFactory(disclosure=published)
    draft = DisclosureFactory(enterprise=other, year=2024, version=2, correction_note="更正排放量")
    return {
        "published_disclosure": lambda: published.pk,
        "disclosure_year": lambda: (other.pk, 2024),
        "draft_disclosure": lambda: draft.pk,
    }
