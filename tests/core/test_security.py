"""Cache-Control on signed-in pages, sign-in failure rates, production warnings, demo refusal, file modes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from npgov.core import checks
from npgov.core.demo import DEMO_PASSWORD
from npgov.core.models import User
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


# --- Cache-Control ------------------------------------------------------------------------------------------


def test_signed_in_pages_and_api_answers_are_not_stored(personas: Personas) -> None:
    for url in ("/", "/workplan/plans/", "/api/core/users/me/", "/portal/"):
        response = client_for(personas.bureau).get(url)
        assert response["Cache-Control"] == "private, no-store", url


def test_anonymous_portal_pages_keep_their_public_caching(org: None) -> None:
    response = Client().get("/portal/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- sign-in failure rates -------------------------------------------------------------------------------------


def attempt(username: str, password: str, address: str) -> object:
    return Client(REMOTE_ADDR=address).post(reverse("core:login"), {"username": username, "password": password})


@pytest.fixture
def tight_limits(settings):  # type: ignore[no-untyped-def]
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    settings.LOGIN_GLOBAL_FAILURE_LIMIT = 8
    settings.LOGIN_WAVE_IP_FAILURES = 2
    return settings


def test_many_user_names_from_one_address_are_refused(personas: Personas, tight_limits) -> None:  # type: ignore[no-untyped-def]
    # given one address tries four user names (each below axes' per-user lockout)
    for name in ("alice", "dora", "gan", "eve"):
        assert attempt(name, "wrong-password", "10.0.0.9").status_code == 200
    # then even a right password from that address is refused, with the reason
    response = attempt("exa", "Test-password-1", "10.0.0.9")
    assert response.status_code == 429
    assert "网络地址" in response.content.decode() or "network address" in response.content.decode()
    # while another address signs in
    assert attempt("exa", "Test-password-1", "10.0.0.10").status_code == 302


def test_a_wave_of_failures_cuts_off_its_sources_but_not_people_who_sign_in_right(
    personas: Personas, tight_limits  # type: ignore[no-untyped-def]
) -> None:
    # given eight failures from four addresses: a credential-stuffing wave
    for n in range(4):
        for name in ("ghost1", "ghost2"):
            attempt(name, "guess", f"192.0.2.{n}")
    # then an address of the wave is refused even with a right password
    response = attempt("alice", "Test-password-1", "192.0.2.1")
    assert response.status_code == 429
    # a person who types the password right from an address without failures signs in
    assert attempt("alice", "Test-password-1", "198.51.100.7").status_code == 302
    # and one mistake from a fresh address still gets the normal form error, not a lockout
    assert attempt("dora", "typo", "198.51.100.8").status_code == 200


def test_the_api_token_endpoint_is_under_the_same_limits(personas: Personas, tight_limits) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    client = APIClient(REMOTE_ADDR="10.1.1.1")
    for name in ("alice", "dora", "gan", "eve"):
        client.post("/api/auth/token/", {"username": name, "password": "bad"})
    response = client.post("/api/auth/token/", {"username": "exa", "password": "Test-password-1"})
    assert response.status_code == 429 and response.json()["detail"]


# --- production warnings -----------------------------------------------------------------------------------------


def test_production_on_sqlite_without_broker_any_host_and_no_hsts_is_warned(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION, settings.DEBUG = True, False
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
    settings.CELERY_BROKER_URL, settings.ALLOWED_HOSTS, settings.SECURE_HSTS_SECONDS = "", ["*"], 0
    ids = {m.id for m in checks.production_settings()}
    assert ids == {"npgov.W001", "npgov.W002", "npgov.W003", "npgov.W004"}


def test_a_proper_production_set_up_is_not_warned(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION, settings.DEBUG = True, False
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "npgov"}}
    settings.CELERY_BROKER_URL, settings.ALLOWED_HOSTS = "redis://localhost/0", ["npgov.example.gov.cn"]
    settings.SECURE_HSTS_SECONDS = 31536000
    assert checks.production_settings() == []


def test_development_is_not_warned(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = False
    assert checks.production_settings() == []


# --- npgov demo ----------------------------------------------------------------------------------------------------


def test_demo_refuses_under_production_settings(settings, org: None) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="development"):
        call_command("demo")
    assert not User.objects.filter(username="admin").exists()


def test_forced_demo_in_production_never_sets_the_published_password(settings, org: None) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    out = StringIO()
    call_command("demo", "--force", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and not admin.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD not in out.getvalue()
    lines = [line.strip() for line in out.getvalue().splitlines()]
    printed = next(line.split(" — ")[-1] for line in lines if line.startswith("admin "))
    assert admin.check_password(printed)  # printed once, for the operator
    assert not User.objects.get(username="bureau").check_password(printed)  # one password each


# --- file modes ----------------------------------------------------------------------------------------------------


def test_an_existing_sqlite_file_is_narrowed_to_its_owner(tmp_path: Path) -> None:
    database = tmp_path / "npgov.sqlite3"
    for suffix in ("", "-wal"):
        Path(f"{database}{suffix}").write_bytes(b"")
        os.chmod(f"{database}{suffix}", 0o644)
    connection = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(database)})
    checks._restrict_sqlite_files(sender=None, connection=connection)
    for suffix in ("", "-wal"):
        assert stat.S_IMODE(os.stat(f"{database}{suffix}").st_mode) == 0o600


def test_a_new_sqlite_database_and_its_folder_are_created_private(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    env = {**os.environ, "NPGOV_INSTANCE_DIR": str(instance), "DATABASE_URL": f"sqlite:///{instance}/db/npgov.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-c", "import npgov.settings"], env=env, check=True, cwd=tmp_path)
    assert stat.S_IMODE(os.stat(instance / "db" / "npgov.sqlite3").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(instance / "db").st_mode) == 0o700
