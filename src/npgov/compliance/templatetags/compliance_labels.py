"""Labels for the codes of a list change and its impact, so no code reaches a page (standing rule 1)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from npgov.compliance import choices
from npgov.compliance.impact import STATUS_LABELS, change_text, field_label, measure_label

register = template.Library()


@register.filter
def list_change_label(code: Any) -> str:
    label = STATUS_LABELS.get(str(code))
    return str(label) if label is not None else _("changed")


@register.filter
def list_field_label(code: Any) -> str:
    return field_label(str(code))


@register.filter
def measure_kind_label(code: Any) -> str:
    return measure_label(str(code))


@register.filter
def activity_label(code: Any) -> str:
    return choices.activity_label(str(code))


@register.filter
def rule_label(code: Any) -> str:
    return choices.rule_label(str(code))


@register.filter
def severity_label(code: Any) -> str:
    try:
        return str(choices.Severity(str(code)).label)
    except ValueError:
        return str(code)


@register.filter
def change_side(change: Any, side: str) -> str:
    """The old or new value of a field change as the reader reads it (activities by their names)."""
    return change_text(change.field, getattr(change, side))
