"""Bulk-import input that once crashed or slipped through: huge cells, one key written twice."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_a_huge_csv_cell_is_a_clear_error_not_a_crash(personas: Personas) -> None:
    content = b"cas,name_zh\n50-00-0," + b"x" * 200_000 + b"\n"
    response = client_for(personas.bureau).post(reverse("substances:substance_import"),
                                                {"file": SimpleUploadedFile("big.csv", content)})  # fmt: skip
    assert response.status_code == 400
    error = response.context["result"].errors[0]
    assert error.row == 2 and '"' in error.message  # the row, and the likely cause: a quotation mark left open


def test_an_import_with_one_number_written_twice_reports_it(personas: Personas) -> None:
    content = "cas,name_zh\n7732-18-5,水\n0007732-18-5,水\n".encode()
    response = client_for(personas.bureau).post(reverse("substances:substance_import"),
                                                {"file": SimpleUploadedFile("w.csv", content)})  # fmt: skip
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "cas")]
