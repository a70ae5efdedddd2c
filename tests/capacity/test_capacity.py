"""Capacity registers: the expert pool with conflicts, GLP labs with methods, training, projects, funding."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.capacity.models import Expert, Lab, LabMethod, Project, Training
from npgov.core.models import Department, District
from tests.capacity.factories import LabFactory
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_an_expert_with_ties_to_an_enterprise_is_flagged(db: None) -> None:
    expert = Expert(name="钱某", affiliation="某研究院", fields="PFAS", conflicts="大连某化工有限公司\n某环评公司")
    assert expert.has_conflict_with("大连某化工有限公司")
    assert not expert.has_conflict_with("连云港某制药有限公司")
    assert not expert.has_conflict_with("")


def test_a_glp_lab_needs_its_certificate(personas: Personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("capacity:lab_add"), {"name": "某检测中心", "glp_status": "certified"}
    )
    assert response.status_code == 200 and not Lab.objects.exists()
    assert "证书" in response.content.decode()


def test_lab_methods_are_imported_with_limits_checked(personas: Personas) -> None:
    lab = LabFactory()
    url = reverse("capacity:labmethod_import")
    bad = "lab,substance,matrix,standard,lod,loq,unit\n{0},{1},water,HJ 1333-2023,5,1,ng/L\n"
    from npgov.substances.models import Substance

    pfos = Substance.objects.get(cas="1763-23-1")
    response = client_for(personas.bureau).post(
        url, {"file": SimpleUploadedFile("m.csv", bad.format(lab.name, pfos.cas).encode())}
    )
    assert response.status_code == 400 and not LabMethod.objects.exists()
    good = bad.replace(",5,1,", ",0.5,1,")
    response = client_for(personas.bureau).post(
        url, {"file": SimpleUploadedFile("m.csv", good.format(lab.name, pfos.cas).encode())}
    )
    assert response.status_code == 302 and lab.methods.get().loq == 1
    page = client_for(personas.department).get(lab.get_absolute_url()).content.decode()
    assert "HJ 1333-2023" in page


def test_a_department_records_its_own_training_only(personas: Personas) -> None:
    client = client_for(personas.department)  # 大连市农业农村局
    own = {
        "title": "农药减量增效培训",
        "date": "2026-04-01",
        "department": personas.department.department_id,
        "participants": 80,
        "hours": "4",
    }
    assert client.post(reverse("capacity:training_add"), own).status_code == 302
    other = {**own, "title": "冒名培训", "department": Department.objects.get(code="dl-eeb").pk}
    assert client.post(reverse("capacity:training_add"), other).status_code == 403
    assert list(Training.objects.values_list("title", flat=True)) == ["农药减量增效培训"]


def test_a_completed_project_states_its_outcomes(personas: Personas) -> None:
    data = {
        "kind": "demonstration",
        "title": "废母液中抗生素去除示范",
        "lead_organisation": "某制药企业",
        "department": Department.objects.get(code="dl-eeb").pk,
        "status": "completed",
        "outcomes": "",
    }
    client = client_for(personas.bureau)
    assert client.post(reverse("capacity:project_add"), data).status_code == 200
    data["outcomes"] = "处理后出水中环丙沙星低于检出限"
    assert client.post(reverse("capacity:project_add"), data).status_code == 302
    assert Project.objects.get().history.first().history_user == personas.bureau


def test_non_ascii_digits_in_the_query_are_ignored(personas: Personas) -> None:
    response = client_for(personas.bureau).get(reverse("capacity:expert_list"), {"page": "²", "per_page": "²"})
    assert response.status_code == 200


def test_capacity_refuses_negative_numbers_and_other_cities(personas: Personas) -> None:
    client = client_for(personas.department)
    data = {
        "kind": "pilot",
        "title": "x",
        "lead_organisation": "y",
        "department": personas.department.department_id,
        "status": "planned",
        "budget_10k_yuan": "-500",
    }
    assert client.post(reverse("capacity:project_add"), data).status_code == 200
    data.update(budget_10k_yuan="10", district=District.objects.get(code="320706").pk)
    assert client.post(reverse("capacity:project_add"), data).status_code == 200
    assert not Project.objects.exists()
