"""What enforcement records tell about enterprises' activities with substances, for a list change's impact
(``core.registry.activity_sources``, read by ``compliance.impact``): customs checks of registered importers and
exporters, and detected substances in the products of registered producers, of this year and the last."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.registry import ActivityRecord, registry
from npgov.enforcement.products.models import ProductResult
from npgov.enforcement.trade.models import TradeCheck

RECENT_YEARS = 2  # this calendar year and the one before


def _since_year() -> int:
    return timezone.localdate().year - RECENT_YEARS + 1


def trade_activity() -> Iterator[ActivityRecord]:
    """One record per registered enterprise, substance, direction and year checked."""
    rows = (
        TradeCheck.objects.filter(enterprise__isnull=False, checked_on__year__gte=_since_year())
        .order_by("enterprise_id", "substance_id", "direction", "-checked_on")
        .values_list("enterprise_id", "substance_id", "direction", "checked_on", "declared_use")
    )
    seen = set()
    for enterprise_id, substance_id, direction, checked_on, declared_use in rows:
        key = (enterprise_id, substance_id, direction, checked_on.year)
        if key not in seen:
            seen.add(key)
            yield ActivityRecord(enterprise_id, substance_id, direction, checked_on.year,
                                 _("import or export check"), declared_use)  # fmt: skip


def product_activity() -> Iterator[ActivityRecord]:
    """One record per registered producer, detected substance and year sampled."""
    rows = (
        ProductResult.objects.filter(detected=True, sample__producer__isnull=False,
                                     sample__sampled_on__year__gte=_since_year())
        .order_by("sample__producer_id", "substance_id", "-sample__sampled_on")
        .values_list("sample__producer_id", "substance_id", "sample__sampled_on")
    )  # fmt: skip
    seen = set()
    for enterprise_id, substance_id, sampled_on in rows:
        key = (enterprise_id, substance_id, sampled_on.year)
        if key not in seen:
            seen.add(key)
            yield ActivityRecord(enterprise_id, substance_id, "product", sampled_on.year, _("product sample"))


def register() -> None:
    registry.activity_sources.extend([trade_activity, product_activity])
