"""Menu items of enforcement."""

from __future__ import annotations

from npgov.enforcement import navigation_inspections, navigation_products  # noqa: F401
