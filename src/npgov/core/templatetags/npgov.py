"""Template helpers shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from npgov.core.widgets import picker_widget

register = template.Library()


@register.filter
def display_value(value: Any) -> Any:
    """A field value for a detail table: links for related records, ✓/✗ for booleans, — for empty."""
    if value is True:
        return format_html('<i class="bi bi-check-circle text-success" title="{}"></i>', _("yes"))
    if value is False:
        return format_html('<i class="bi bi-x-circle text-secondary" title="{}"></i>', _("no"))
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    url = getattr(value, "get_absolute_url", None)
    if callable(url):
        return format_html('<a href="{}">{}</a>', url(), value)
    return value


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for export and page-size links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


@register.filter
def bs_widget(bound_field: Any) -> Any:
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget_type = bound_field.widget_type
    css = "form-select" if widget_type in ("select", "selectmultiple") else "form-control"
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(widget=picker_widget(bound_field), attrs={"class": css})  # type-ahead: core.widgets
