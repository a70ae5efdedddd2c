"""Creating and changing user accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from npgov.core.models import User


@transaction.atomic
def user_create(*, username: str, password: str, role: str, created_by: User | None = None, **fields: Any) -> User:
    """Create an active user after checking the password policy. Writes: User (with history)."""
    user = User(username=username, role=role, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user._history_user = created_by
    user.save()
    return user


@transaction.atomic
def user_ensure(*, username: str, password: str, role: str, **fields: Any) -> tuple[User, bool]:
    """The user with this name, created if missing (demo data); an existing account is not changed."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    return user_create(username=username, password=password, role=role, **fields), True
