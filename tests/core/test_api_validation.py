"""The API refuses bad input with 400/409 and never leaks server details."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from npgov.core.models import Department, User
from npgov.substances.models import Substance
from tests.conftest import Personas
from tests.core.factories import JobFactory

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_job_api_hides_tracebacks_and_paths(personas: Personas) -> None:
    JobFactory(name="x", task="t", user=personas.enterprise, error="Traceback … /srv/npgov/x.py",
               params={"path": "/srv/npgov/media/x.csv"}, status="failed")  # fmt: skip
    row = api(personas.enterprise).get("/api/core/jobs/").json()["results"][0]
    assert row["error"] == "failed" and row["params"] == {}


def test_the_api_stores_the_canonical_cas_number(personas: Personas) -> None:
    response = api(personas.bureau).post(
        "/api/substances/substances/", {"cas": "0001634-04-4", "name_en": "MTBE"}, format="json"
    )
    assert response.status_code == 201 and Substance.objects.get(name_en="MTBE").cas == "1634-04-4"
    again = api(personas.bureau).post(
        "/api/substances/substances/", {"cas": "１６３４－０４－４", "name_en": "x"}, format="json"
    )
    assert again.status_code == 400


def test_a_listed_substance_cannot_be_deleted(personas: Personas) -> None:
    pfos = Substance.objects.get(cas="1763-23-1")
    response = api(personas.bureau).delete(f"/api/substances/substances/{pfos.pk}/")
    assert response.status_code == 409 and Substance.objects.filter(pk=pfos.pk).exists()


def test_department_aliases_must_be_a_list_of_names(personas: Personas) -> None:
    response = api(personas.bureau).patch(f"/api/core/departments/{Department.objects.get(code='dl-ara').pk}/",
                                          {"aliases": 5}, format="json")  # fmt: skip
    assert response.status_code == 400


def test_classification_input_is_bounded(personas: Personas) -> None:
    response = api(personas.enterprise).post("/api/classify/", {"identifiers": ["C" * 2001]}, format="json")
    assert response.status_code == 400
