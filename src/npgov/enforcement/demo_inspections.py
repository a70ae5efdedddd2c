"""Demo draws and inspections."""

from __future__ import annotations
