"""Reads of import/export checks: the regulatory lists a traded substance is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q

from npgov.enforcement.trade.models import TradeCheck, TradeResult
from npgov.regulations.services.classification import classify_substance

if TYPE_CHECKING:
    from npgov.substances.models import Substance

STRICTLY_RESTRICTED_LIST = "CN-SRTC"


def substance_list_codes(*, substance: Substance) -> set[str]:
    """Codes of the current regulatory lists whose entries the substance falls under (by CAS, salt or group)."""
    return {match.entry.regulatory_list.code for match in classify_substance(substance)}


def substance_on_strictly_restricted_list(*, substance: Substance) -> bool:
    return STRICTLY_RESTRICTED_LIST in substance_list_codes(substance=substance)


def trade_check_statistics(*, year: int) -> dict[str, object]:
    """The year's import/export checks, for the work plan's yearly evaluation: checks and those with a violation.

    ``last_id`` / ``last_change`` identify the checks read, for a frozen evaluation's comparison.
    """
    checks = TradeCheck.objects.filter(checked_on__year=year).aggregate(
        n=Count("pk"), violations=Count("pk", filter=~Q(result=TradeResult.COMPLIANT)), last=Max("pk"),
        change=Max("updated_at"),
    )  # fmt: skip
    return {
        "checks": checks["n"],
        "check_violations": checks["violations"],
        "last_id": checks["last"],
        "last_change": checks["change"].isoformat() if checks["change"] else None,
    }
