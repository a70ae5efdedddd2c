"""Labels for the codes stored in regulatory data (group rule types), so no code reaches a page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from npgov.regulations.choices import GROUP_RULE_TYPES, MATCH_BASIS_SHORT, MatchBasis

register = template.Library()


@register.filter
def rule_type_label(code: Any) -> str:
    """The reader's name of a group rule type (an unknown type reads "other rule", never its code)."""
    label = GROUP_RULE_TYPES.get(str(code or ""))
    return str(label) if label is not None else _("other rule")


@register.filter
def basis_short(code: Any) -> str:
    """The short badge of a match basis code (cas, parent, group-rule)."""
    label = MATCH_BASIS_SHORT.get(str(code or ""))  # type: ignore[call-overload]
    return str(label) if label is not None else _("other rule")


@register.filter
def basis_label(code: Any) -> str:
    """The full label of a match basis code."""
    try:
        return str(MatchBasis(str(code)).label)
    except ValueError:
        return _("other rule")
