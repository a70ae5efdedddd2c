"""Demo data of product sampling and import/export checks (``npgov demo`` only; inspections: inspections/demo.py)."""

from __future__ import annotations

from npgov.enforcement.products.demo import create_product_samples_demo
from npgov.enforcement.trade.demo import create_trade_demo


def create_products_demo() -> str:
    """Product samples and their results, then import/export checks (one step, as before the split)."""
    return f"{create_product_samples_demo()} {create_trade_demo()}"
