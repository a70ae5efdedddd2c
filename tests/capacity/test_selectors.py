"""Capacity's public reads and writes: what monitoring, risk and the work plan ask of the registers."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from npgov.capacity import selectors, services
from npgov.capacity.models import Lab, Project
from npgov.core.models import Department, District
from tests.capacity.factories import ExpertFactory, LabFactory
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_it_maps_registered_lab_names_to_their_ids(db: None) -> None:
    city, private = LabFactory(), LabFactory()
    assert selectors.lab_ids_by_name() == {city.name: city.pk, private.name: private.pk}
    assert list(selectors.lab_list()) == sorted([city, private], key=lambda lab: lab.name)


def test_it_finds_a_lab_by_its_exact_name(db: None) -> None:
    lab = LabFactory(name="大连市环境监测中心实验室")
    assert selectors.lab_by_name(name=" 大连市环境监测中心实验室 ") == lab
    assert selectors.lab_by_name(name="大连市环境监测中心") is None


def test_it_lists_the_experts_who_can_answer_a_review(personas: Personas) -> None:
    answering = ExpertFactory(user=personas.expert)
    ExpertFactory()
    ExpertFactory(active=False)
    assert selectors.expert_list().count() == 3
    assert selectors.expert_list(active_only=True).count() == 2
    assert list(selectors.expert_list(active_only=True, with_account=True)) == [answering]


def test_it_finds_the_pool_entry_of_an_account(personas: Personas) -> None:
    expert = ExpertFactory(user=personas.expert)
    assert selectors.expert_for_user(user=personas.expert) == expert
    assert selectors.expert_for_user(user=personas.bureau) is None
    assert selectors.expert_for_user(user=AnonymousUser()) is None


def test_it_registers_a_record_once_by_its_name(db: None) -> None:
    first = services.lab_get_or_create(name="某实验室", defaults={"cma_number": "CMA-1"})
    again = services.lab_get_or_create(name="某实验室", defaults={"cma_number": "CMA-2"})
    assert first == again and Lab.objects.get().cma_number == "CMA-1"


def test_it_validates_a_record_as_its_form_does(org: None) -> None:
    with pytest.raises(ValidationError):
        services.lab_save(lab=Lab(name="某检测中心", glp_status="certified"))
    eeb = Department.objects.get(code="dl-eeb")
    with pytest.raises(ValidationError):
        services.project_save(
            project=Project(kind="pilot", title="试点", lead_organisation="某园区", department=eeb, status="completed")
        )
    assert not Lab.objects.exists() and not Project.objects.exists()
    project = services.project_get_or_create(
        title="试点",
        defaults={"kind": "pilot", "lead_organisation": "某园区", "department": eeb,
                  "district": District.objects.get(code="210211"), "start": date(2026, 1, 1)},
    )  # fmt: skip
    assert project.pk and project.history.count() == 1


def test_it_adds_an_expert_to_the_pool(personas: Personas) -> None:
    expert = services.expert_create(name="刘教授", affiliation="某大学", fields="风险评估", user=personas.expert)
    assert selectors.expert_for_user(user=personas.expert) == expert
