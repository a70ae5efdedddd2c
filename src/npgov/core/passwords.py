"""Password policy beyond Django's validators: mix of character classes, as government systems require."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = [r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"]
        if sum(bool(re.search(c, password)) for c in classes) < 3:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("Your password must mix at least three of: lower-case letters, upper-case letters, digits, symbols.")
