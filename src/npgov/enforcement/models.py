"""Models of enforcement, one module per package: inspections, product sampling, import/export checks."""

from __future__ import annotations

from npgov.enforcement.inspections.models import (
    Case,
    InspectionAttachment,
    InspectionDraw,
    InspectionRecord,
    InspectionTask,
    Inspector,
)
from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductResult, ProductSample
from npgov.enforcement.trade.models import TradeCheck

__all__ = [
    "Case",
    "ContentLimit",
    "InspectionAttachment",
    "InspectionDraw",
    "InspectionRecord",
    "InspectionTask",
    "Inspector",
    "ProductCategory",
    "ProductResult",
    "ProductSample",
    "TradeCheck",
]
