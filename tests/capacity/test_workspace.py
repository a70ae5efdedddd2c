"""The capacity app's workspace widget: a department's projects past or near their end date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from npgov.capacity import workspace
from npgov.core.models import Department, User
from npgov.core.registry import registry
from tests.capacity.factories import ProjectFactory
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_a_department_sees_its_projects_ending(personas: Personas) -> None:
    user = personas.department
    ara, eeb = Department.objects.get(code="dl-ara"), Department.objects.get(code="dl-eeb")
    past = ProjectFactory(department=ara, status="ongoing", start=date(2025, 1, 1), end=today() - timedelta(days=3))
    ProjectFactory(department=ara, status="ongoing", start=date(2025, 1, 1), end=today() + timedelta(days=20))
    ProjectFactory(department=ara, status="ongoing", start=date(2025, 1, 1), end=today() + timedelta(days=300))
    ProjectFactory(department=eeb, status="ongoing", start=date(2025, 1, 1), end=today() - timedelta(days=3))
    work = workspace.projects_ending(User.objects.get(pk=user.pk), today())
    assert work is not None and work.total == 2
    assert work.items[0].title == past.title and work.items[0].overdue(today())
    client = client_for(user)
    assert all(client.get(item.url).status_code == 200 for item in work.items)
    few = queries(lambda: workspace.projects_ending(User.objects.get(pk=user.pk), today()))
    for n in range(10):
        ProjectFactory(department=ara, status="planned", start=date(2025, 1, 1), end=today() + timedelta(days=n))
    assert queries(lambda: workspace.projects_ending(User.objects.get(pk=user.pk), today())) == few
    assert "capacity-projects" in {w.key for w in registry.widgets_for(user)}
