"""Errors raised by services, shown to users as messages (pages) or 400 responses (API)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the request; the message is already localised for the user."""

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
