"""Core's reference and demo data steps: divisions, departments and one demo user per role."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings

from npgov.core.choices import Role
from npgov.core.models import Department, District
from npgov.core.registry import DataStep, registry
from npgov.core.services.organisation import departments_load, districts_load
from npgov.core.services.users import user_ensure

# Shown on the console by `make run`; meets the password policy. Development installations only: under
# production settings (`npgov demo --force`) every demo user gets a random password instead (issued_passwords).
DEMO_PASSWORD = "Npgov-demo-2026"
# The passwords given to the demo users created by the last run under production settings: printed once.
issued_passwords: dict[str, str] = {}


def demo_password() -> str:
    """The published demo password in development; a new random one (meeting the policy) in production."""
    if not settings.PRODUCTION:
        return DEMO_PASSWORD
    return f"Np-{secrets.token_urlsafe(12)}-7a"

DEMO_USERS: list[dict[str, Any]] = [
    {"username": "admin", "role": Role.SYSADMIN, "display_name": "系统管理员", "is_staff": True, "is_superuser": True},
    {"username": "bureau", "role": Role.BUREAU, "display_name": "生态环境局 王科长", "department": "dl-eeb"},
    {"username": "agri", "role": Role.DEPARTMENT, "display_name": "农业农村局 李主任", "department": "dl-ara"},
    {"username": "district", "role": Role.DISTRICT, "display_name": "甘井子区 张专员", "district": "210211"},
    {"username": "enterprise", "role": Role.ENTERPRISE, "display_name": "企业填报员 陈工"},
    {"username": "expert", "role": Role.EXPERT, "display_name": "刘教授（专家）"},
]


def load_organisation() -> str:
    districts, departments = districts_load(), departments_load()
    return f"districts {districts}, departments {departments}"


def create_demo_users() -> str:
    created = 0
    for spec in DEMO_USERS:
        fields = dict(spec)
        if "department" in fields:
            fields["department"] = Department.objects.get(code=fields["department"])
        if "district" in fields:
            fields["district"] = District.objects.get(code=fields["district"])
        password = demo_password()
        _user, was_created = user_ensure(password=password, **fields)
        if was_created and password != DEMO_PASSWORD:
            issued_passwords[spec["username"]] = password
        created += was_created
    return f"{created} created, {len(DEMO_USERS) - created} existing"


def register() -> None:
    """Called once from CoreConfig.ready()."""
    registry.add_data_step(DataStep("organisation", "districts and departments", load_organisation, order=10))
    registry.add_data_step(DataStep("users", "demo users", create_demo_users, order=900, demo_only=True))
