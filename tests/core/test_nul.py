"""A NUL character in a parameter, a form or a JSON body is a 400 before any view (PostgreSQL refuses it even in a
lookup, which used to end in a 500: found by the API fuzzing on POST /api/enterprises/enterprises/)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_json_body_is_refused_with_400(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.bureau)
    response = client.post("/api/enterprises/enterprises/", {"uscc": "x", "district": "\x00"}, format="json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_a_nul_in_a_query_or_a_form_is_refused_with_400(personas: Personas) -> None:
    client = client_for(personas.bureau)
    assert client.get("/enterprises/", {"district": "21\x0011"}).status_code == 400
    assert client.post("/enterprises/new/", {"name": "a", "district": "\x00"}).status_code == 400


def test_ordinary_requests_pass(personas: Personas) -> None:
    client = client_for(personas.bureau)
    assert client.get("/enterprises/", {"district": "210211"}).status_code == 200
