"""A random draw's parameters as a reader reads them: names and labels, never ids or keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.translation import gettext as _

from npgov.compliance.choices import OBLIGATION_LIST_BY_KEY
from npgov.core.models import District
from npgov.enterprises.selectors import industry_classes

if TYPE_CHECKING:
    from npgov.enforcement.inspections.models import InspectionDraw

register = template.Library()


def _names(values: list[str]) -> str:
    return "、".join(values) if values else _("all")


def _yes_no(value: Any) -> str:
    return _("yes") if value else _("no")


@register.simple_tag
def draw_parameters(draw: InspectionDraw) -> list[tuple[str, Any]]:
    """(label, value) rows: which enterprises were eligible and how the inspectors were drawn."""
    filters: dict[str, Any] = draw.filters if isinstance(draw.filters, dict) else {}
    district_ids = [int(pk) for pk in filters.get("districts") or []]
    industry_ids = [int(pk) for pk in filters.get("industries") or []]
    districts = [str(d) for d in District.objects.filter(pk__in=district_ids).order_by("code")]
    industries = [str(i) for i in industry_classes().filter(pk__in=industry_ids).order_by("code")]
    obligations = [str(OBLIGATION_LIST_BY_KEY[key].title) if key in OBLIGATION_LIST_BY_KEY else _("another list")
                   for key in filters.get("obligations") or []]  # fmt: skip
    return [
        (_("districts"), _names(districts)),
        (_("industries"), _names(industries)),
        (_("on the obligation lists"), _names(obligations)),
        (_("only enterprises with open compliance findings"), _yes_no(filters.get("with_open_findings"))),
        (_("enterprises to inspect"), draw.enterprise_count),
        (_("inspectors per enterprise"), draw.inspectors_per_task),
        (_("officers never inspect in their own district"), _yes_no(draw.exclude_own_district)),
    ]
