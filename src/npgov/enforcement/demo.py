"""Demo data of enforcement (``npgov demo`` only)."""

from __future__ import annotations

from npgov.enforcement import demo_inspections, demo_products  # noqa: F401
