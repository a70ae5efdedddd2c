"""Import/export checks on listed chemicals (customs, commerce)."""

from __future__ import annotations

__all__: list[str] = []
