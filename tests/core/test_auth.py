"""Signing in and out: Chinese login page, audit of every attempt, lockout, password policy."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from npgov.core.models import LoginEvent
from tests.conftest import Personas

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-1"


def test_it_shows_the_login_page_in_chinese_by_default(db: None) -> None:
    page = Client().get(reverse("core:login")).content.decode()
    assert "登录" in page and "新污染物治理综合管理平台" in page


def test_it_redirects_the_public_from_every_private_page_to_login(db: None) -> None:
    response = Client().get(reverse("core:department_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_it_signs_in_and_audits_the_login(personas: Personas) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post(reverse("core:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    event = LoginEvent.objects.get(kind="login")
    assert (event.user, event.ip_address) == (personas.bureau, "10.1.2.3")


def test_it_audits_a_failed_attempt_without_signing_in(personas: Personas) -> None:
    client = Client()
    response = client.post(reverse("core:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="alert alert-danger"' in page and "用户名" in page
    assert LoginEvent.objects.filter(kind="failed", username="alice").count() == 1
    assert client.get(reverse("core:user_list")).status_code == 302  # still not signed in


def test_it_locks_the_account_after_five_failures(personas: Personas) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()


def test_it_signs_out_by_post_and_audits_it(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.bureau)
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert LoginEvent.objects.filter(kind="logout", user=personas.bureau).exists()
    assert client.get(reverse("core:user_list")).status_code == 302  # signed out


@pytest.mark.parametrize("password", ["short1A", "alllowercaseletters", "12345678901", "Npgov2026"])
def test_it_rejects_weak_passwords(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_it_accepts_a_strong_password() -> None:
    validate_password("Clean-water-2025")


def test_it_hashes_with_argon2_in_production_settings() -> None:
    from npgov import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_sends_security_headers(db: None) -> None:
    response = Client().get(reverse("core:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
