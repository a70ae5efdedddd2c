"""Permit limits: a value in the unit the permit writes, converted to its kind's canonical unit and range-checked.

Canonical units: water concentration mg/L, air concentration mg/m³, annual amount kg/a. The ranges are the
physically sensible ones (no discharge exceeds 100 g/L; no permit grants a million tonnes a year), so that a
slip of the unit or a power of ten is refused instead of stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# unit → (kind it measures, factor to the canonical unit)
UNITS: dict[str, tuple[str, float]] = {
    "mg/L": ("water_concentration", 1.0),
    "µg/L": ("water_concentration", 1e-3),
    "ng/L": ("water_concentration", 1e-6),
    "mg/m³": ("air_concentration", 1.0),
    "µg/m³": ("air_concentration", 1e-3),
    "ng/m³": ("air_concentration", 1e-6),
    "t/a": ("annual_amount", 1e3),
    "kg/a": ("annual_amount", 1.0),
    "g/a": ("annual_amount", 1e-3),
}
CANONICAL = {"water_concentration": "mg/L", "air_concentration": "mg/m³", "annual_amount": "kg/a"}
# Largest sensible canonical value per kind (exclusive lower bound is zero).
MAXIMUM = {"water_concentration": 1e5, "air_concentration": 1e5, "annual_amount": 1e9}


class LimitError(ValueError):
    """A limit that cannot be stored; ``code`` is one of "not_finite", "not_positive", "unit", "too_large"."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class CanonicalLimit:
    value: float
    unit: str


def limit_canonical(value: float, unit: str, kind: str) -> CanonicalLimit:
    """``value`` in ``unit`` as the canonical value of ``kind``; raises :class:`LimitError`."""
    if not math.isfinite(value):
        raise LimitError("not_finite")
    if value <= 0:
        raise LimitError("not_positive")
    measured = UNITS.get(unit)
    if measured is None or measured[0] != kind:
        raise LimitError("unit", unit=unit, expected=", ".join(u for u, (k, _f) in UNITS.items() if k == kind))
    canonical = value * measured[1]
    if canonical > MAXIMUM[kind]:
        raise LimitError("too_large", maximum=MAXIMUM[kind], unit=CANONICAL[kind])
    return CanonicalLimit(value=canonical, unit=CANONICAL[kind])
