"""Reads of import/export checks: the regulatory lists a traded substance is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from npgov.regulations.services.classification import classify_substance

if TYPE_CHECKING:
    from npgov.substances.models import Substance

STRICTLY_RESTRICTED_LIST = "CN-SRTC"


def substance_list_codes(*, substance: Substance) -> set[str]:
    """Codes of the current regulatory lists whose entries the substance falls under (by CAS, salt or group)."""
    return {match.entry.regulatory_list.code for match in classify_substance(substance)}


def substance_on_strictly_restricted_list(*, substance: Substance) -> bool:
    return STRICTLY_RESTRICTED_LIST in substance_list_codes(substance=substance)
