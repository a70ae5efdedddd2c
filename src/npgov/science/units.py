"""Concentration units as labs write them, converted to a matrix's canonical unit with pint.

Canonical units (DESIGN.md, "Units"): water ng/L, sediment and soil ng/g dry weight, biota ng/g
wet weight, air ng/m³. A unit string is parsed once and its factor cached, so an import converts a
million values with one multiplication each.

A unit must be a mass over the matrix's own quantity — a volume for water and air, a mass for the
solids — term by term: pint alone finds ``radian``, ``percent`` or ``dimensionless`` equal in
dimension to ng/g (all are pure numbers), and they are refused (issue #16).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pint

_REGISTRY: pint.UnitRegistry[float] = pint.UnitRegistry()

CANONICAL = {"water": "ng/L", "sediment": "ng/g", "soil": "ng/g", "biota": "ng/g", "air": "ng/m**3"}
# What a concentration unit divides a mass by, per matrix: a volume (water, air) or a mass (solids).
_PER = {"water": "[length] ** 3", "air": "[length] ** 3", "sediment": "[mass]", "soil": "[mass]", "biota": "[mass]"}
# The basis a solid's unit must be on: dry weight for sediment and soil, wet weight for biota.
BASIS = {"sediment": "dw", "soil": "dw", "biota": "ww"}
_BASIS_WORDS = {
    "dw": "dw", "d.w.": "dw", "dry": "dw", "干重": "dw", "(dw)": "dw", "（干重）": "dw", "干": "dw",
    "ww": "ww", "w.w.": "ww", "wet": "ww", "湿重": "ww", "(ww)": "ww", "（湿重）": "ww", "鲜重": "ww",
}  # fmt: skip
_BASIS_RE = re.compile(
    r"\s*(\(dw\)|\(ww\)|（干重）|（湿重）|d\.w\.|w\.w\.|dw|ww|dry|wet|干重|湿重|鲜重)\s*$", re.IGNORECASE
)


class UnitError(ValueError):
    """The unit cannot be read or does not fit the matrix; ``code`` says which, for a localised message."""

    def __init__(self, code: str, unit: str, matrix: str = "") -> None:
        super().__init__(f"{code}: {unit!r} ({matrix})")
        self.code = code  # "unknown", "dimension", "basis"
        self.unit = unit
        self.matrix = matrix


@dataclass(frozen=True)
class Conversion:
    unit: str  # as reported
    matrix: str
    factor: float  # multiply a reported value by this to get the canonical unit
    canonical: str  # the canonical unit, as shown (ng/L, ng/g dw, …)


def _clean(text: str) -> tuple[str, str]:
    """The unit in pint's spelling and the basis written after it ("dw", "ww" or "")."""
    unit = text.strip()
    basis = ""
    match = _BASIS_RE.search(unit)
    if match:
        basis = _BASIS_WORDS[match.group(1).lower()]
        unit = unit[: match.start()].strip()
    unit = unit.replace("µ", "u").replace("μ", "u").replace("³", "**3").replace("／", "/").replace(" ", "")
    unit = re.sub(r"m\^?3$", "m**3", unit)
    return unit, basis


@lru_cache(maxsize=512)
def conversion(unit: str, matrix: str) -> Conversion:
    """How to turn values in ``unit`` into ``matrix``'s canonical unit; raises :class:`UnitError`."""
    if matrix not in CANONICAL:
        raise UnitError("matrix", unit, matrix)
    spelled, basis = _clean(unit)
    if not spelled:
        raise UnitError("unknown", unit, matrix)
    try:
        quantity = _REGISTRY.Quantity(1, spelled)
        factor = quantity.to(CANONICAL[matrix]).magnitude
    except pint.errors.DimensionalityError:  # before ValueError, which it subclasses
        raise UnitError("dimension", unit, matrix) from None
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError, TypeError, ValueError):
        raise UnitError("unknown", unit, matrix) from None
    if not _mass_per(quantity, matrix):
        raise UnitError("dimension", unit, matrix)
    # ng/L and ng/m³ share a dimension: only air is per cubic metre.
    per_cubic_metre = spelled.endswith("m**3")
    if (matrix == "air") != per_cubic_metre:
        raise UnitError("dimension", unit, matrix)
    expected_basis = BASIS.get(matrix, "")
    if basis and basis != expected_basis:
        raise UnitError("basis", unit, matrix)
    canonical = CANONICAL[matrix].replace("**3", "³") + (f" {expected_basis}" if expected_basis else "")
    return Conversion(unit=unit, matrix=matrix, factor=_round(float(factor)), canonical=canonical)


def _mass_per(quantity: pint.Quantity[Any], matrix: str) -> bool:
    """Whether the unit's numerator is a mass and its denominator the matrix's quantity (``_PER``)."""
    numerator = denominator = _REGISTRY.Quantity(1, "dimensionless")
    for name, exponent in quantity.unit_items():
        if float(exponent.real) > 0:
            numerator = numerator * _REGISTRY.Quantity(1, name) ** exponent
        else:
            denominator = denominator * _REGISTRY.Quantity(1, name) ** -exponent
    return (numerator.dimensionality == _REGISTRY.get_dimensionality("[mass]")
            and denominator.dimensionality == _REGISTRY.get_dimensionality(_PER[matrix]))  # fmt: skip


def canonical_unit(matrix: str) -> str:
    basis = BASIS.get(matrix, "")
    return CANONICAL[matrix].replace("**3", "³") + (f" {basis}" if basis else "")


def _round(factor: float) -> float:
    """Drop binary noise from pint's arithmetic (999.9999999999999 → 1000.0)."""
    if factor == 0 or not math.isfinite(factor):
        return factor
    digits = 12 - int(math.floor(math.log10(abs(factor))))
    return round(factor, digits)
