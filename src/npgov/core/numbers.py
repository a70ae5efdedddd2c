"""The one place where a number or a yes/no that enters NPGov is checked (issue #16, defects 1 and 2).

- Model fields declare their range with :func:`range_validators` (ModelForms and DRF ModelSerializers
  pick the validators up, so forms, the generic importers and the API share them) and back it with
  :func:`range_constraint` in ``Meta.constraints`` (the database refuses what slips past: a range
  check also refuses NaN and infinity on PostgreSQL, and SQLite stores NaN as NULL).
- Importers that read cells themselves call :func:`clean_number` / :func:`clean_yes_no` or
  :func:`check_model_number` (the range of a model field, after unit conversion), and get a
  localised message for their row error.
- The parsing rules themselves live in :mod:`npgov.science.numbers`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from npgov.science.numbers import NumberError, NumberRange, parse_decimal, parse_yes_no

# --- ranges used across apps (in the unit the field stores) -----------------------------------------
# Generous: they exist to refuse impossible values (infinity, 1e308 µg/L), not to judge plausibility,
# which science/plausibility.py does with warnings.
CONCENTRATION = NumberRange(0, 1e12, unit="")  # ng/L, ng/g, ng/m³, mg/kg: 1e12 ng/L is a kilogram per litre
POSITIVE_CONCENTRATION = NumberRange(0, 1e12, minimum_inclusive=False)
TONNES = NumberRange(0, 1e9, unit="t")
KILOGRAMS = NumberRange(0, 1e12, unit="kg")
YUAN = NumberRange(0, 1e13)
PERCENT = NumberRange(0, 100, unit="%")
LATITUDE = NumberRange(-90, 90)
LONGITUDE = NumberRange(-180, 180)
DAYS = NumberRange(0, 36_500)
ANY_FINITE = NumberRange(-1e15, 1e15)  # a number with no natural bound (a KPI value, a score)

MESSAGES = {
    "invalid_number": _("Not a number: %(text)s."),
    "decimal_comma": _("%(text)s has a comma that is not a thousands separator; write the decimal point as a "
                       "full stop (12.5)."),  # fmt: skip
    "not_finite": _("%(text)s is not a finite number."),
    "too_large": _("%(text)s is too large to store."),
    "below_minimum": _("%(value)s is below the smallest allowed value, %(limit)s%(unit)s."),
    "not_above_minimum": _("%(value)s must be greater than %(limit)s%(unit)s."),
    "above_maximum": _("%(value)s is above the largest allowed value, %(limit)s%(unit)s."),
    "invalid_yes_no": _("%(text)s is not yes or no (是/否, yes/no, 1/0)."),
    "too_many_decimals": _("%(text)s has more than %(places)s decimal places."),
}


def number_error_message(error: NumberError) -> str:
    """The localised message for a :class:`NumberError`."""
    params = dict(error.params)
    params.setdefault("text", params.get("value", ""))
    template = MESSAGES.get(error.code)
    return str(template) % params if template is not None else str(error)


def as_validation_error(error: NumberError) -> ValidationError:
    return ValidationError(number_error_message(error), code=error.code)


@deconstructible
class RangeValidator:
    """Finite and within a :class:`NumberRange` (model fields, form fields, serializers)."""

    def __init__(self, minimum: float | None = None, maximum: float | None = None,
                 minimum_inclusive: bool = True, unit: str = "") -> None:  # fmt: skip
        self.minimum, self.maximum, self.minimum_inclusive, self.unit = minimum, maximum, minimum_inclusive, unit

    @property
    def range(self) -> NumberRange:
        return NumberRange(self.minimum, self.maximum, self.minimum_inclusive, self.unit)

    def __call__(self, value: Any) -> None:
        if value is None:
            return
        try:
            self.range.check(value)
        except (TypeError, ValueError, OverflowError) as exc:
            if isinstance(exc, NumberError):
                raise as_validation_error(exc) from None
            raise ValidationError(MESSAGES["invalid_number"] % {"text": value}, code="invalid_number") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RangeValidator) and (
            self.minimum, self.maximum, self.minimum_inclusive, self.unit
        ) == (other.minimum, other.maximum, other.minimum_inclusive, other.unit)

    def __hash__(self) -> int:  # pragma: no cover - validators are compared, rarely hashed
        return hash((self.minimum, self.maximum, self.minimum_inclusive, self.unit))


def range_validators(number_range: NumberRange) -> list[RangeValidator]:
    """``validators=`` for a model field holding a quantity in ``number_range``."""
    r = number_range
    return [RangeValidator(r.minimum, r.maximum, r.minimum_inclusive, r.unit)]


def range_constraint(field: str, number_range: NumberRange, *, name: str) -> models.CheckConstraint:
    """The database's copy of a field's range (NULL passes: nullability is the field's own rule)."""
    condition = models.Q()
    if number_range.minimum is not None:
        lookup = "gte" if number_range.minimum_inclusive else "gt"
        condition &= models.Q(**{f"{field}__{lookup}": number_range.minimum})
    if number_range.maximum is not None:
        condition &= models.Q(**{f"{field}__lte": number_range.maximum})
    return models.CheckConstraint(condition=condition | models.Q(**{f"{field}__isnull": True}), name=name)


def field_range(model: type[models.Model], field_name: str) -> NumberRange | None:
    """The declared range of a model field (from its :class:`RangeValidator`), for checks and help texts."""
    for validator in getattr(model._meta.get_field(field_name), "validators", ()):
        if isinstance(validator, RangeValidator):
            return validator.range
    return None


def clean_number(text: object, number_range: NumberRange | None = None, *, required: bool = False,
                 places: int | None = None) -> Decimal | None:  # fmt: skip
    """Text (or an Excel number) → an exact Decimal within ``number_range``; ValidationError otherwise.

    ``places``: the most decimal places the field stores; more is an error, never a silent rounding.
    """
    try:
        value = parse_decimal(text)
        if value is None:
            if required:
                raise ValidationError(_("A value is required."), code="required")
            return None
        if places is not None and _places(value) > places:
            raise NumberError("too_many_decimals", "", text=str(text), places=places)
        if number_range is not None:
            number_range.check(value)
    except NumberError as exc:
        raise as_validation_error(exc) from None
    return value


def _places(value: Decimal) -> int:
    from npgov.science.numbers import decimal_places

    return decimal_places(value)


def check_model_number(model: type[models.Model], field_name: str, value: float | Decimal | None) -> None:
    """Raise ValidationError unless ``value`` (already in the field's unit) fits the field's declared range."""
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(MESSAGES["not_finite"] % {"text": value}, code="not_finite")
    number_range = field_range(model, field_name)
    if number_range is not None:
        try:
            number_range.check(value)
        except NumberError as exc:
            raise as_validation_error(exc) from None


def clean_yes_no(text: object, *, required: bool = False) -> bool | None:
    """是/否, yes/no, 1/0 … → bool; anything else is a ValidationError (never silently yes)."""
    try:
        value = parse_yes_no(text)
    except NumberError as exc:
        raise as_validation_error(exc) from None
    if value is None and required:
        raise ValidationError(_("A value is required."), code="required")
    return value
