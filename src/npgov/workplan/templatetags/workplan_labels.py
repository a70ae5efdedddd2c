"""Names for the keys stored in workplan data (an indicator's KPI links), so no key reaches a page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from npgov.workplan.models import Kpi

register = template.Library()


@register.filter
def kpi_link(key: Any) -> str:
    """The KPI with this key, by name and linked (every plan's KPI of that key); the key itself never shows."""
    kpis = list(Kpi.objects.filter(key=str(key or "")).order_by("plan_id")[:3])
    if not kpis:
        return ""
    return format_html('<a href="{}">{}</a>', kpis[0].get_absolute_url(), kpis[0].name_zh)
