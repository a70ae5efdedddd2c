"""Demo product sampling and import/export checks."""

from __future__ import annotations
