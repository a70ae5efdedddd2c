"""API tokens expire, are stored hashed, can be revoked by their owner, and end with a password change (defect 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from npgov.core.models import ApiToken
from npgov.core.services.tokens import api_token_issue
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

ME = "/api/core/users/me/"


def obtain(username: str = "alice", **extra: object) -> dict:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": "Test-password-1", **extra})
    assert response.status_code == 200, response.content
    return response.json()


def api_with(key: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def test_a_token_is_issued_once_and_stored_only_as_a_digest(personas: Personas) -> None:
    body = obtain(name="监测数据同步")
    key = body["token"]
    token = ApiToken.objects.get()
    assert token.user == personas.bureau and token.name == "监测数据同步"
    assert key not in (token.digest, token.prefix) and len(token.digest) == 64 and key.startswith(token.prefix)
    assert body["prefix"] == token.prefix
    # valid for the default 30 days
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert api_with(key).get(ME).json()["username"] == "alice"
    assert api_with(key, "Bearer").get(ME).json()["username"] == "alice"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_wrong_password_or_a_too_long_validity_gets_no_token(personas: Personas) -> None:
    assert APIClient().post("/api/auth/token/", {"username": "alice", "password": "nope"}).status_code == 400
    assert APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "Test-password-1", "days": 5000}
    ).status_code == 400
    assert not ApiToken.objects.exists()


def test_an_expired_or_unknown_token_is_refused(personas: Personas) -> None:
    token, key = api_token_issue(user=personas.bureau, name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_with(key).get(ME)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert api_with("npg_" + "x" * 43).get(ME).status_code == 401
    assert api_with(key[:-1] + ("A" if key[-1] != "A" else "B")).get(ME).status_code == 401


def test_the_api_sign_out_revokes_the_token_in_use(personas: Personas) -> None:
    key = obtain()["token"]
    other = obtain()["token"]
    assert api_with(key).post("/api/auth/token/revoke/").status_code == 204
    assert api_with(key).get(ME).status_code == 401
    assert api_with(other).get(ME).status_code == 200  # only the one in use


def test_a_password_change_revokes_every_token(personas: Personas) -> None:
    key = obtain()["token"]
    response = client_for(personas.bureau).post(
        reverse("core:password_change"),
        {"old_password": "Test-password-1", "new_password1": "Neue-Passwort-42x", "new_password2": "Neue-Passwort-42x"},
    )
    assert response.status_code == 302
    assert api_with(key).get(ME).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_set_password_anywhere_and_deactivation_revoke_every_token(personas: Personas) -> None:
    _token, key = api_token_issue(user=personas.department, name="a")
    personas.department.set_password("Another-pass-99")
    personas.department.save()
    assert api_with(key).get(ME).status_code == 401
    _token, key = api_token_issue(user=personas.district, name="b")
    personas.district.last_login = timezone.now()
    personas.district.save(update_fields=["last_login"])  # signing in changes nothing
    assert api_with(key).get(ME).status_code == 200
    personas.district.is_active = False
    personas.district.save()
    assert ApiToken.objects.filter(user=personas.district, revoked_at__isnull=True).count() == 0


def test_users_see_create_and_revoke_their_own_tokens_on_their_page(personas: Personas) -> None:
    alice = client_for(personas.bureau)
    response = alice.post(reverse("account:tokens"), {"name": "数据报送程序", "days": 7})
    page = response.content.decode()
    token = ApiToken.objects.get(user=personas.bureau)
    key = page.split('readonly value="', 1)[1].split('"', 1)[0]
    assert key.startswith(token.prefix) and api_with(key).get(ME).status_code == 200
    # the key is not shown again
    assert key not in alice.get(reverse("account:tokens")).content.decode()
    assert token.prefix in alice.get(reverse("account:tokens")).content.decode()
    # someone else can neither see nor revoke it
    dora = client_for(personas.department)
    assert token.prefix not in dora.get(reverse("account:tokens")).content.decode()
    assert dora.post(reverse("account:token_revoke", args=[token.pk])).status_code == 404
    assert api_with(key).get(ME).status_code == 200
    # its owner revokes it
    assert alice.post(reverse("account:token_revoke", args=[token.pk])).status_code == 302
    assert api_with(key).get(ME).status_code == 401


def test_revoke_all_ends_every_token_of_the_user_only(personas: Personas) -> None:
    api_token_issue(user=personas.bureau, name="a")
    api_token_issue(user=personas.bureau, name="b")
    _t, other = api_token_issue(user=personas.department, name="c")
    assert client_for(personas.bureau).post(reverse("account:token_revoke_all")).status_code == 302
    assert not ApiToken.objects.filter(user=personas.bureau, revoked_at__isnull=True).exists()
    assert api_with(other).get(ME).status_code == 200


def test_the_token_page_needs_a_sign_in(org: None) -> None:
    assert client_for(None).get(reverse("account:tokens")).status_code == 302
