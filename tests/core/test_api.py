"""The REST API: OpenAPI schema, token and session auth, the same scoping and validation as the pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from npgov.core.models import ApiToken, Department
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_publishes_an_openapi_3_schema(db: None) -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/core/districts/" in schema["paths"]


def test_it_serves_swagger_ui_from_local_files(db: None) -> None:
    page = Client().get("/api/docs/").content.decode()
    # (not a bare "cdn" substring check: the page's random CSRF token can contain those letters)
    assert "swagger-ui" in page and not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_it_answers_401_to_the_public(org: None) -> None:
    response = APIClient().get("/api/core/departments/")
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


def test_it_issues_and_accepts_a_token(personas: Personas) -> None:
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "alice", "password": "Test-password-1"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.get(prefix=token[:12]).user == personas.bureau
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/core/users/me/").json()["username"] == "alice"


def test_it_paginates_with_limit_and_offset(personas: Personas) -> None:
    body = api_for(personas.department).get("/api/core/districts/?limit=5&offset=5").json()
    assert body["count"] == 31 and len(body["results"]) == 5 and "offset=10" in body["next"]


def test_it_filters_like_the_pages(personas: Personas) -> None:
    body = api_for(personas.district).get("/api/core/districts/?kind=zone&q=大连").json()
    assert body["count"] == 6
    assert {row["kind"] for row in body["results"]} == {"zone"}


def test_it_lets_the_bureau_create_a_department(personas: Personas) -> None:
    payload = {"code": "dl-new", "city": "210200", "name_zh": "大连市新局", "kind": "municipal"}
    response = api_for(personas.bureau).post("/api/core/departments/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Department.objects.get(code="dl-new").history.count() == 1


def test_it_forbids_a_department_user_to_create_one(personas: Personas) -> None:
    payload = {"code": "dl-new", "city": "210200", "name_zh": "大连市新局"}
    assert api_for(personas.department).post("/api/core/departments/", payload, format="json").status_code == 403
    assert not Department.objects.filter(code="dl-new").exists()


def test_it_validates_with_the_models_rules(personas: Personas) -> None:
    payload = {"code": "123", "name_zh": "错误", "kind": "district", "official_code": True}
    response = api_for(personas.bureau).post("/api/core/districts/", payload, format="json")
    assert response.status_code == 400
    assert "code" in response.json()


def test_it_shows_users_only_their_own_account(personas: Personas) -> None:
    body = api_for(personas.expert).get("/api/core/users/").json()
    assert [row["username"] for row in body["results"]] == ["exa"]
    assert api_for(personas.bureau).get("/api/core/users/").json()["count"] == 6


def test_it_keeps_the_sign_in_audit_from_other_roles(personas: Personas) -> None:
    assert api_for(personas.department).get("/api/core/sign-ins/").status_code == 403
    assert api_for(personas.sysadmin).get("/api/core/sign-ins/").status_code == 200
