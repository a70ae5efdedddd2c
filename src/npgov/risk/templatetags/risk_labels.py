from __future__ import annotations

from typing import Any

from django import template

from npgov.risk.labels import ACTION_CATEGORY_LABELS, PBT_STATUS_LABELS, RQ_CATEGORY_LABELS

register = template.Library()


@register.filter
def rq_label(code: Any) -> Any:
    """'high' → 高 (the RQ band in the user's language)."""
    return RQ_CATEGORY_LABELS.get(code, code)


@register.filter
def action_label(category: Any) -> Any:
    """1 → 采取管控措施… (the NORMAN action category in the user's language)."""
    return ACTION_CATEGORY_LABELS.get(category, "")


@register.filter
def pbt_label(status: Any) -> Any:
    """'met' → 符合 (a PBT criterion's outcome in the user's language)."""
    return PBT_STATUS_LABELS.get(status, status)
