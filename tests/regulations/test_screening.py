"""Batch screening of an uploaded inventory: a job with progress, a report page, an Excel export."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core.models import Job
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "inventory.csv", capture=None):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(reverse("regulations:screening_upload"), {"file": SimpleUploadedFile(name, content)})


def test_it_screens_a_gb18030_inventory_and_reports_each_row(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    content = "CAS号,名称\n75-09-2,二氯甲烷\n,乙醇\n1763-23-2,坏号\n108-88-3,甲苯\n".encode("gb18030")
    client = client_for(personas.enterprise)
    response = upload(client, content, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response["Location"] == reverse("regulations:screening_report", args=[job.pk])
    assert job.status == "succeeded" and job.progress == 100
    assert (job.result["rows"], job.result["listed"], job.result["rows_with_errors"]) == (4, 2, 1)
    page = client.get(response["Location"]).content.decode()
    assert "4 行" in page or "4 rows" in page
    sheet = load_workbook(io.BytesIO(client.get(response["Location"] + "?export=xlsx").content)).active
    assert any(row[4] == "CN-KCNP-2023" for row in sheet.values)


def test_a_file_without_a_known_column_fails_the_job_with_a_message(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    upload(client_for(personas.bureau), b"colour\nred\n", capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == "failed" and "CAS" in job.log[-1]["message"]


def test_another_user_cannot_open_the_report(personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    upload(client_for(personas.enterprise), b"cas\n75-09-2\n", capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    url = reverse("regulations:screening_report", args=[job.pk])
    assert client_for(personas.expert).get(url).status_code == 404
    assert client_for(personas.bureau).get(url).status_code == 200
