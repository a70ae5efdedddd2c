"""Type-ahead pickers and scoped choices for forms and filters (issue 14, item 7).

A select with ``data-picker`` becomes a Tom Select type-ahead (static/npgov/pickers.js). Long lists of a
registry (substances, enterprises, monitoring sites) are never rendered whole: :class:`RemotePickerSelect`
renders only the chosen options and the picker asks :func:`npgov.core.views.pickers.picker_search` as the user
types, which answers from the rows the user may see. Short lists keep a plain select.

``picker_widget(bound_field)`` decides per field (called by the ``bs_widget`` template filter, so every form and
filter rendered the usual way gets it); ``scope_choices(form, user)`` narrows district choices to the districts
the user may choose, and other scoped registries (enterprises, sites) to the rows the user may see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from npgov.core.choices import ALL_ACCESS_ROLES, Role

if TYPE_CHECKING:
    from django.forms import BoundField

    from npgov.core.types import AnyUser

BLANK_DASHES = "---------"
CHOOSE = _("— choose —")
# A select with more choices than this gets the type-ahead.
PICKER_THRESHOLD = 12
# Registries searched as the user types (model label → fields searched, and the value fields a form may use).
REMOTE_MODELS: dict[str, dict[str, tuple[Any, ...]]] = {
    "substances.substance": {"search": ("cas", "name_zh", "name_en"), "values": ("pk", "cas")},
    "enterprises.enterprise": {"search": ("uscc", "name"), "values": ("pk", "uscc")},
    "monitoring.site": {"search": ("code", "name"), "values": ("pk", "code")},
    # every industry choice is a GB/T 4754 class (the level enterprises and campaigns name)
    "enterprises.industry": {"search": ("code", "name_zh"), "values": ("pk", "code"), "where": (("level", "class"),)},
}
# Models whose choices follow the user's scope (their rows carry a scope to a district or an enterprise).
SCOPED_MODELS = frozenset({"enterprises.enterprise", "monitoring.site"})


def _picker_attrs(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"data-picker": "1", "data-picker-none": _("No matches"), "data-picker-placeholder": _("Type to search"),
            **(extra or {})}  # fmt: skip


class PickerSelect(forms.Select):
    """A select with type-ahead search over its (rendered) options."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(attrs=_picker_attrs(attrs), choices=choices)


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple select with type-ahead search; chosen items show as removable tags."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(attrs=_picker_attrs(attrs), choices=choices)


class _RemoteOptions:
    """Render only the chosen options of a model choice field; the rest come from the search endpoint."""

    choices: Any

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None:  # not a model choice field: plain options
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        chosen = [v for v in value if v not in ("", None)]
        options: list[Any] = []
        if field.empty_label is not None:
            options.append(("", field.empty_label))
        if chosen:
            key = field.to_field_name or "pk"
            try:
                options.extend(iterator.choice(obj) for obj in iterator.queryset.filter(**{f"{key}__in": chosen}))
            except (ValueError, TypeError, ValidationError):  # a value that is not a key: nothing to show
                pass
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = iterator


class RemotePickerSelect(_RemoteOptions, PickerSelect):
    """A type-ahead over a registry too long to render: options are searched on the server."""


class RemotePickerSelectMultiple(_RemoteOptions, PickerSelectMultiple):
    """A multiple type-ahead over a registry too long to render."""


def search_url(label: str, value_field: str = "pk") -> str:
    return reverse("core:picker_search", args=[label]) + (f"?field={value_field}" if value_field != "pk" else "")


search_url_lazy = lazy(search_url, str)


class PickerTextInput(forms.TextInput):
    """A text field with type-ahead suggestions from a registry; any text may still be typed (a name, say)."""

    def __init__(self, label: str, value_field: str, attrs: dict[str, Any] | None = None) -> None:
        extra = {"data-picker-url": search_url_lazy(label, value_field), "autocomplete": "off",
                 "data-picker-create": pgettext_lazy("picker", "Use")}  # fmt: skip
        super().__init__(attrs=_picker_attrs({**extra, **(attrs or {})}))


def _model_label(field: forms.Field) -> str | None:
    queryset = getattr(field, "queryset", None)
    return queryset.model._meta.label_lower if queryset is not None else None


def readable_blank(field: Any) -> None:
    """Replace Django's "---------" blank choice with words (in place; the field belongs to one form)."""
    if getattr(field, "empty_label", None) == BLANK_DASHES:
        field.empty_label = CHOOSE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices: list[Any] = list(getattr(field, "choices", ()))
        if choices and choices[0] == ("", BLANK_DASHES):
            field.choices = [("", CHOOSE), *choices[1:]]


def picker_widget(bound_field: BoundField) -> forms.Widget | None:
    """The type-ahead widget to render ``bound_field`` with, or None to keep its own widget."""
    field: Any = bound_field.field
    widget = field.widget
    readable_blank(field)
    if isinstance(widget, PickerSelect | PickerSelectMultiple) or bound_field.is_hidden:
        return None
    if type(widget) not in (forms.Select, forms.SelectMultiple):
        return None  # radios, checkboxes, yes/no selects, custom widgets keep their own rendering
    multiple = isinstance(widget, forms.SelectMultiple)
    attrs = {k: v for k, v in widget.attrs.items() if k != "size"}
    label = _model_label(field)
    if label in REMOTE_MODELS:
        value_field = field.to_field_name or "pk"
        if value_field == field.queryset.model._meta.pk.name:  # django-filter names the primary key ("id")
            value_field = "pk"
        if value_field in REMOTE_MODELS[label]["values"]:
            cls = RemotePickerSelectMultiple if multiple else RemotePickerSelect
            remote = cls(attrs={**attrs, "data-picker-url": search_url(label, value_field)}, choices=field.choices)
            remote.is_required = widget.is_required
            return remote
    choices = field.choices if hasattr(field, "choices") else widget.choices
    if _count(choices) <= PICKER_THRESHOLD:
        return None
    local = (PickerSelectMultiple if multiple else PickerSelect)(attrs=attrs, choices=choices)
    local.is_required = widget.is_required
    return local


def _count(choices: Any) -> int:
    try:
        return len(choices)  # a ModelChoiceIterator counts with one query
    except TypeError:
        return len(list(choices))


# --- choices scoped to the user ------------------------------------------------------------------------------------
def district_choices_q(user: AnyUser) -> Q | None:
    """The districts ``user`` may choose: None for every district; an empty match for none."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role in (Role.DEPARTMENT, Role.EXPERT):
        return None
    if user.role == Role.DISTRICT:
        return Q(pk__in=user.district_scope_ids())
    if user.role == Role.ENTERPRISE:
        return Q(enterprises__users=user)  # the districts of the user's own enterprises
    return Q(pk__in=[])


_Form = TypeVar("_Form", bound=forms.BaseForm)


def scope_choices(form: _Form, user: AnyUser) -> _Form:
    """Narrow the form's district, enterprise and site choices to what ``user`` may choose (in place)."""
    condition = district_choices_q(user)
    field: Any  # a ModelChoiceField when it names a model (checked by _model_label)
    for field in form.fields.values():
        label = _model_label(field)
        if label == "core.district" and condition is not None:
            field.queryset = field.queryset.filter(condition).distinct()
        elif label in SCOPED_MODELS:
            field.queryset = field.queryset.restrict(user, "view")
    return form
