"""Districts and departments: the hierarchy stays a tree; departments are found by their declared function."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from npgov.core.models import Department, District
from npgov.core.models.organisation import DepartmentFunction
from npgov.core.selectors import department_by_function, department_lead
from tests.conftest import Personas

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
