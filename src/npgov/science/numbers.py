"""Reading numbers and yes/no answers typed by people: strict, exact, and the same everywhere.

Every importer, form and API that turns text into a number or a yes/no goes through here (issue #16),
so that a file cannot store infinity, read "否" as yes or turn a decimal comma into a factor of ten.

Interpretations (documented for users in docs/user-guide, "导入文件的数字与是否"):

- full-width digits, signs and points (``１２．５``) are read as their half-width forms;
- a comma is accepted only as a thousands separator in groups of three (``1,234.5``, ``12,500``); any
  other comma (``12,5``, ``1,5``) is refused as a possible decimal comma, never guessed;
- scientific notation (``1.2e-3``) is accepted; ``inf``, ``nan`` and values that overflow are refused;
- an empty cell is "no value" (None), never zero: whether that is allowed is the caller's rule.

No Django here: messages are English format strings with a stable ``code``; the Django layer
(:mod:`npgov.core.numbers`) translates them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

YES_WORDS = frozenset({"是", "有", "对", "真", "√", "✓", "y", "yes", "true", "t", "1", "on"})
NO_WORDS = frozenset({"否", "不是", "无", "没有", "非", "假", "×", "✗", "n", "no", "false", "f", "0", "off"})

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class NumberError(ValueError):
    """Text that is not an acceptable number. ``code`` is stable; ``message`` is an English format
    string with ``params`` (translated by the caller)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.code, self.message, self.params = code, message, params


def normalise_text(text: str) -> str:
    """Full-width forms to half-width, and surrounding spaces (also the ideographic space) removed."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def parse_decimal(text: object) -> Decimal | None:
    """The exact decimal a person wrote, or None for an empty cell; :class:`NumberError` otherwise.

    Numbers that arrive as numbers (Excel cells) are taken as they are, but must be finite.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberError("invalid_number", "Not a number: %(text)s.", text=text)
    if isinstance(text, (int, float, Decimal)):
        value = Decimal(str(text)) if isinstance(text, float) else Decimal(text)
        return _finite(value, str(text))
    cleaned = normalise_text(str(text)).replace(" ", "")
    if cleaned == "":
        return None
    if "," in cleaned:
        if not _THOUSANDS.match(cleaned):
            raise NumberError(
                "decimal_comma",
                "%(text)s has a comma that is not a thousands separator; write the decimal point as a "
                "full stop (12.5).",
                text=cleaned,
            )
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.match(cleaned):
        raise NumberError("invalid_number", "Not a number: %(text)s.", text=cleaned)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise NumberError("invalid_number", "Not a number: %(text)s.", text=cleaned) from None
    return _finite(value, cleaned)


def _finite(value: Decimal, text: str) -> Decimal:
    if not value.is_finite():
        raise NumberError("not_finite", "%(text)s is not a finite number.", text=text)
    try:
        as_float = float(value)
    except OverflowError:  # pragma: no cover - float() of a Decimal returns inf rather than raising
        as_float = math.inf
    if not math.isfinite(as_float):
        raise NumberError("too_large", "%(text)s is too large to store.", text=text)
    return value


def parse_float(text: object) -> float | None:
    """:func:`parse_decimal` as a float (finite), or None for an empty cell."""
    value = parse_decimal(text)
    return None if value is None else float(value)


def parse_yes_no(text: object) -> bool | None:
    """True or False from the usual Chinese and English words and 0/1; None for an empty cell.

    Anything else raises :class:`NumberError` (code ``invalid_yes_no``): "maybe" is not silently yes.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        return text
    if isinstance(text, (int, float)) and text in (0, 1):
        return bool(text)
    word = normalise_text(str(text)).lower()
    if word == "":
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise NumberError("invalid_yes_no", "%(text)s is not yes or no (是/否, yes/no, 1/0).", text=word)


@dataclass(frozen=True)
class NumberRange:
    """The values a quantity may take, in the unit it is stored in (after unit conversion)."""

    minimum: float | None = None
    maximum: float | None = None
    minimum_inclusive: bool = True
    unit: str = ""

    def check(self, value: float | Decimal) -> None:
        """Raise :class:`NumberError` unless ``value`` is finite and within the range."""
        as_float = float(value)
        if not math.isfinite(as_float):
            raise NumberError("not_finite", "%(value)s is not a finite number.", value=value)
        if self.minimum is not None:
            below = as_float < self.minimum if self.minimum_inclusive else as_float <= self.minimum
            if below:
                code, text = (("below_minimum", "%(value)s is below the smallest allowed value, %(limit)s%(unit)s.")
                              if self.minimum_inclusive else
                              ("not_above_minimum", "%(value)s must be greater than %(limit)s%(unit)s."))  # fmt: skip
                raise NumberError(code, text, value=_show(as_float), limit=_show(self.minimum), unit=self._unit)
        if self.maximum is not None and as_float > self.maximum:
            raise NumberError("above_maximum", "%(value)s is above the largest allowed value, %(limit)s%(unit)s.",
                              value=_show(as_float), limit=_show(self.maximum), unit=self._unit)  # fmt: skip

    @property
    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""


def _show(value: float) -> str:
    return f"{value:g}"


def decimal_places(value: Decimal) -> int:
    """How many significant digits follow the point (``12.50`` → 1, ``12.125`` → 3, ``1E+3`` → 0): trailing zeros
    add no precision, so they never make a value "too precise"."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
