"""Account administration: the bureau manages accounts but can never create or take over a system administrator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from npgov.core.models import User
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_the_bureau_cannot_take_over_a_superuser_account(personas: Personas) -> None:
    url = reverse("core:user_edit", args=[personas.sysadmin.pk])
    response = client_for(personas.bureau).post(
        url, {"username": "sam", "role": "sysadmin", "password": "Take-over-2026"}
    )
    assert response.status_code == 403
    personas.sysadmin.refresh_from_db()
    assert not personas.sysadmin.check_password("Take-over-2026")


def test_the_bureau_cannot_create_a_system_administrator(personas: Personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("core:user_add"),
        {"username": "mallory", "role": "sysadmin", "password": "Strong-pass-2026", "is_active": "on"},
    )
    assert response.status_code == 200 and not User.objects.filter(username="mallory").exists()
