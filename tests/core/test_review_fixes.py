"""Regressions for defects found in review: privilege escalation, scope re-checks, leaks, bad input."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from npgov.core.models import Department, District, Job, User
from npgov.core.permissions import ensure_visible
from npgov.core.views.generic import PER_PAGE_CHOICES
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_bureau_cannot_take_over_a_superuser_account(personas: Personas) -> None:
    url = reverse("core:user_edit", args=[personas.sysadmin.pk])
    response = client_for(personas.bureau).post(
        url, {"username": "sam", "role": "sysadmin", "password": "Take-over-2026"}
    )
    assert response.status_code == 403
    personas.sysadmin.refresh_from_db()
    assert not personas.sysadmin.check_password("Take-over-2026")


def test_the_bureau_cannot_create_a_system_administrator(personas: Personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("core:user_add"),
        {"username": "mallory", "role": "sysadmin", "password": "Strong-pass-2026", "is_active": "on"},
    )
    assert response.status_code == 200 and not User.objects.filter(username="mallory").exists()


def test_a_write_is_rechecked_with_the_write_action(personas: Personas) -> None:
    from npgov.workplan.models import ProgressReport, ProgressRequest, Task

    task = Task.objects.get(key="D-T02")
    request = ProgressRequest.objects.create(plan=task.plan, title="t", period_start="2026-01-01",
                                             period_end="2026-03-31", due_date="2026-04-10")  # fmt: skip
    other = ProgressReport.objects.create(request=request, task=task, department=Department.objects.get(code="dl-eeb"))
    ensure_visible(personas.department, [other], "view")  # departments may read it …
    with pytest.raises(PermissionDenied):
        ensure_visible(personas.department, [other], "change")  # … but not write it


def test_the_job_api_hides_tracebacks_and_paths(personas: Personas) -> None:
    Job.objects.create(name="x", task="t", user=personas.enterprise, error="Traceback … /srv/npgov/x.py",
                       params={"path": "/srv/npgov/media/x.csv"}, status="failed")  # fmt: skip
    row = api(personas.enterprise).get("/api/core/jobs/").json()["results"][0]
    assert row["error"] == "failed" and row["params"] == {}


def test_a_huge_csv_cell_is_a_clear_error_not_a_crash(personas: Personas) -> None:
    content = b"cas,name_zh\n50-00-0," + b"x" * 200_000 + b"\n"
    response = client_for(personas.bureau).post(reverse("substances:substance_import"),
                                                {"file": SimpleUploadedFile("big.csv", content)})  # fmt: skip
    assert response.status_code == 400 and "field larger than field limit" in response.content.decode()


@pytest.mark.parametrize(
    ("per_page", "rows"), [("10000", PER_PAGE_CHOICES[0]), ("-5", PER_PAGE_CHOICES[0]), ("50", 50)]
)
def test_page_size_is_one_of_the_offered_ones(personas: Personas, per_page: str, rows: int) -> None:
    response = client_for(personas.bureau).get(
        reverse("substances:substance_list"), {"per_page": per_page, "page": "999"}
    )
    assert response.status_code == 200 and len(response.context["table"].page.object_list) == rows


def test_the_api_stores_the_canonical_cas_number(personas: Personas) -> None:
    from npgov.substances.models import Substance

    response = api(personas.bureau).post(
        "/api/substances/substances/", {"cas": "0001634-04-4", "name_en": "MTBE"}, format="json"
    )
    assert response.status_code == 201 and Substance.objects.get(name_en="MTBE").cas == "1634-04-4"
    again = api(personas.bureau).post(
        "/api/substances/substances/", {"cas": "１６３４－０４－４", "name_en": "x"}, format="json"
    )
    assert again.status_code == 400


def test_an_import_with_one_number_written_twice_reports_it(personas: Personas) -> None:
    content = "cas,name_zh\n7732-18-5,水\n0007732-18-5,水\n".encode()
    response = client_for(personas.bureau).post(reverse("substances:substance_import"),
                                                {"file": SimpleUploadedFile("w.csv", content)})  # fmt: skip
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "cas")]


def test_a_district_cannot_be_its_own_ancestor(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    ganjingzi = District.objects.get(code="210211")
    ganjingzi.parent = ganjingzi
    with pytest.raises(ValidationError):
        ganjingzi.full_clean()


def test_a_listed_substance_cannot_be_deleted(personas: Personas) -> None:
    from npgov.substances.models import Substance

    pfos = Substance.objects.get(cas="1763-23-1")
    response = api(personas.bureau).delete(f"/api/substances/substances/{pfos.pk}/")
    assert response.status_code == 409 and Substance.objects.filter(pk=pfos.pk).exists()


def test_exports_drop_characters_excel_refuses(personas: Personas) -> None:
    from openpyxl import load_workbook

    from npgov.substances.models import Substance

    Substance.objects.create(name_zh="控制\x01字符\x0b", cas=None)
    response = client_for(personas.bureau).get(reverse("substances:substance_list"), {"q": "控制", "export": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active["B2"].value == "控制字符"


def test_department_aliases_must_be_a_list_of_names(personas: Personas) -> None:
    response = api(personas.bureau).patch(f"/api/core/departments/{Department.objects.get(code='dl-ara').pk}/",
                                          {"aliases": 5}, format="json")  # fmt: skip
    assert response.status_code == 400


def test_classification_input_is_bounded(personas: Personas) -> None:
    response = api(personas.enterprise).post("/api/classify/", {"identifiers": ["C" * 2001]}, format="json")
    assert response.status_code == 400
