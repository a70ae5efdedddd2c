"""Product sampling: categories, content limits, samples and results (Dalian task (五), Lianyungang task 8)."""

from __future__ import annotations

__all__: list[str] = []
