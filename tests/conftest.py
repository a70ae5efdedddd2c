"""Shared fixtures: the shipped organisation data and one persona per role (STYLE.md C12)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from tests.core.factories import UserFactory


def _load_reference_data() -> None:
    """Districts, departments, the substance registry and the regulatory lists, as `npgov reference` loads them."""
    from npgov.core.services.organisation import departments_load, districts_load
    from npgov.enterprises.services import industries_load
    from npgov.regulations.services.loading import members_link_substances, regulations_load
    from npgov.substances.services import substances_load
    from npgov.workplan.services.indicators import indicators_load
    from npgov.workplan.services.loading import workplans_load

    districts_load()
    departments_load()
    industries_load()
    substances_load()
    regulations_load()
    members_link_substances()
    workplans_load()
    indicators_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the reference data once per test database; tests run in transactions on top of it."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def org(db: Any) -> None:
    """The shipped reference data (reloaded if a transactional test flushed the database)."""
    if not District.objects.filter(code="210200").exists():
        _load_reference_data()


@dataclass
class Personas:
    """Alice at the bureau, Dora at agriculture, Gan in Ganjingzi district, Eve at an enterprise…"""

    sysadmin: User
    bureau: User
    department: User
    district: User
    enterprise: User
    expert: User

    def get(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def personas(org: None) -> Personas:
    return Personas(
        sysadmin=UserFactory(username="sam", role=Role.SYSADMIN, is_staff=True, is_superuser=True),
        bureau=UserFactory(username="alice", role=Role.BUREAU, department=Department.objects.get(code="dl-eeb")),
        department=UserFactory(username="dora", role=Role.DEPARTMENT, department=Department.objects.get(code="dl-ara")),
        district=UserFactory(username="gan", role=Role.DISTRICT, district=District.objects.get(code="210211")),
        enterprise=UserFactory(username="eve", role=Role.ENTERPRISE),
        expert=UserFactory(username="exa", role=Role.EXPERT),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the portal's cached pages and rate-limit counters live there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
