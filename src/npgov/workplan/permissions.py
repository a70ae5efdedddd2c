"""Who carries out the work plan: the roles the evaluation, its snapshots and its comparison are for."""

from __future__ import annotations

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.models import User
from npgov.core.types import AnyUser


def is_official(user: AnyUser) -> bool:
    """The bureau, the departments and the districts: those who carry out the plan."""
    return isinstance(user, User) and (
        user.is_superuser or user.role in (*ALL_ACCESS_ROLES, Role.DEPARTMENT, Role.DISTRICT)
    )
