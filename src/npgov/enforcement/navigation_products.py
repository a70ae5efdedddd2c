"""Menu items of product sampling and import/export checks."""

from __future__ import annotations
