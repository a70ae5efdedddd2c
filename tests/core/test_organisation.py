"""Districts and departments: the hierarchy stays a tree; departments are found by their declared function."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from npgov.core.models import Department, District
from npgov.core.models.organisation import DepartmentFunction
from npgov.core.selectors import department_by_function, department_lead
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_a_district_cannot_be_its_own_ancestor(personas: Personas) -> None:
    ganjingzi = District.objects.get(code="210211")
    ganjingzi.parent = ganjingzi
    with pytest.raises(ValidationError):
        ganjingzi.full_clean()


def test_every_shipped_department_declares_its_function(org: None) -> None:
    assert not Department.objects.filter(function="").exists()


def test_it_finds_a_citys_department_by_its_function_and_the_lead_department(org: None) -> None:
    dalian, lianyungang = District.objects.get(code="210200"), District.objects.get(code="320700")
    assert department_by_function(function=DepartmentFunction.CUSTOMS, city=dalian).code == "dl-customs"
    assert department_by_function(function=DepartmentFunction.CUSTOMS, city=lianyungang).code == "lyg-customs"
    assert department_by_function(function=DepartmentFunction.OCEAN, city=lianyungang) is None
    assert department_lead(city=dalian).code == "dl-eeb"


def test_the_department_form_offers_the_functions_by_their_label_in_each_language(personas: Personas) -> None:
    customs = Department.objects.get(code="dl-customs")
    client = client_for(personas.sysadmin)
    client.post(reverse("core:set_language"), {"language": "zh-hans", "next": "/"})
    chinese = client.get(reverse("core:department_edit", args=[customs.pk])).content.decode()
    assert "职能" in chinese and '<option value="customs" selected>海关</option>' in chinese
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("core:department_detail", args=[customs.pk]))
    assert ("function", "Customs") in [(str(label), str(value)) for label, value in english.context["fields"]]


def test_the_api_refuses_a_function_that_is_not_declared(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.sysadmin)
    url = f"/api/core/departments/{Department.objects.get(code='dl-ara').pk}/"
    refused = client.patch(url, {"function": "secret_police"}, format="json")
    assert refused.status_code == 400 and "function" in refused.json()
    accepted = client.patch(url, {"function": "agriculture"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["function"] == "agriculture"
