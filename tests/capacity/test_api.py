"""Capacity's read API: the registers as the pages show them, to the same users, and nothing written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from npgov.capacity.models import Lab
from npgov.core.models import District, User
from tests.capacity.factories import ExpertFactory, LabFactory, LabMethodFactory, ProjectFactory, TrainingFactory
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def api_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_labs_with_their_district_code(personas: Personas) -> None:
    lab = LabFactory(name="大连市环境监测中心实验室", district=District.objects.get(code="210211"), cma_number="CMA-1")
    row = api_for(personas.bureau).get("/api/capacity/labs/").json()["results"][0]
    assert row["id"] == lab.pk and row["district"] == "210211" and row["cma_number"] == "CMA-1"
    assert _ids(api_for(personas.department).get(f"/api/capacity/labs/?q={lab.name}")) == [lab.pk]


def test_it_lists_a_labs_methods_with_the_cas_number(personas: Personas) -> None:
    method = LabMethodFactory()
    LabMethodFactory()
    response = api_for(personas.department).get(f"/api/capacity/lab-methods/?lab={method.lab_id}")
    assert _ids(response) == [method.pk]
    assert response.json()["results"][0]["cas"] == method.substance.cas


def test_it_shows_an_expert_the_own_pool_entry_only(personas: Personas) -> None:
    own = ExpertFactory(user=personas.expert)
    other = ExpertFactory()
    assert _ids(api_for(personas.expert).get("/api/capacity/experts/")) == [own.pk]
    assert api_for(personas.expert).get(f"/api/capacity/experts/{other.pk}/").status_code == 404
    assert sorted(_ids(api_for(personas.department).get("/api/capacity/experts/"))) == sorted([own.pk, other.pk])
    assert api_for(personas.bureau).get(f"/api/capacity/experts/{own.pk}/").json()["user"] == "exa"


def test_it_keeps_trainings_from_districts_and_enterprises(personas: Personas) -> None:
    training = TrainingFactory()
    assert _ids(api_for(personas.department).get("/api/capacity/trainings/")) == [training.pk]
    for user in (personas.district, personas.enterprise, personas.expert):
        assert api_for(user).get("/api/capacity/trainings/").status_code == 403


def test_it_shows_a_district_the_projects_in_its_district(personas: Personas) -> None:
    own = ProjectFactory(district=District.objects.get(code="210211"))
    ProjectFactory(district=District.objects.get(code="210213"))
    assert _ids(api_for(personas.district).get("/api/capacity/projects/")) == [own.pk]
    assert api_for(personas.bureau).get(f"/api/capacity/projects/{own.pk}/").json()["department"] == "dl-eeb"


def test_it_answers_401_to_the_public(org: None) -> None:
    assert api_for(None).get("/api/capacity/labs/").status_code == 401


def test_it_writes_nothing(personas: Personas) -> None:
    lab = LabFactory()
    client = api_for(personas.bureau)
    assert client.post("/api/capacity/labs/", {"name": "新实验室"}, format="json").status_code == 405
    assert client.patch(f"/api/capacity/labs/{lab.pk}/", {"note": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/capacity/labs/{lab.pk}/").status_code == 405
    assert Lab.objects.count() == 1
