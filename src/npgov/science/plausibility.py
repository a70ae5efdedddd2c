"""Plausibility cross-checks a survey reviewer sees beside each reported line.

Two checks, both advisory (a reviewer decides): the annual quantity changed by more than a factor
(ten by default) since the enterprise's previous accepted report, and the line's release factor
(kg released per tonne handled) is far from the median of industry peers reporting the same
substance. Releases exceeding the quantity handled are refused at entry, not flagged here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

FOLD = Decimal(10)
MIN_PEERS = 3  # the same threshold as the inventory's confidentiality rule: a median over fewer is not shown


@dataclass(frozen=True)
class Flag:
    code: str  # "yoy" or "peer_release_factor"
    current: Decimal
    reference: Decimal


def release_factor(quantity_t: Decimal, releases_kg: Decimal) -> Decimal | None:
    """Kilograms released to air, water and soil per tonne handled; None when nothing is handled."""
    return None if quantity_t <= 0 else releases_kg / quantity_t


def _beyond(a: Decimal, b: Decimal, fold: Decimal) -> bool:
    if a <= 0 or b <= 0:
        return (a > 0) != (b > 0)
    return a / b > fold or b / a > fold


def year_on_year(current_t: Decimal, previous_t: Decimal | None, fold: Decimal = FOLD) -> Flag | None:
    """A flag when the quantity changed beyond ``fold`` either way (or from or to zero) since last year."""
    if previous_t is None or not _beyond(current_t, previous_t, fold):
        return None
    return Flag("yoy", current_t, previous_t)


def peer_release_factor(
    factor: Decimal | None, peer_factors: Sequence[Decimal], fold: Decimal = FOLD, min_peers: int = MIN_PEERS
) -> Flag | None:
    """A flag when the factor is beyond ``fold`` of the peers' median; silent with fewer than ``min_peers``."""
    if factor is None or len(peer_factors) < min_peers:
        return None
    reference = Decimal(median(peer_factors))
    if reference <= 0 and factor <= 0:
        return None
    if not _beyond(factor, reference, fold):
        return None
    return Flag("peer_release_factor", factor, reference)
