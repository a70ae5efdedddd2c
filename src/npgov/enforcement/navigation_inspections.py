"""Menu items of draws, inspections and cases."""

from __future__ import annotations
