"""Double-random draws, inspections and cases."""

from __future__ import annotations

__all__: list[str] = []
