"""Menus, widgets, deadline sources, datasets and demo steps of this portal area."""

from __future__ import annotations


def register() -> None:
    pass
