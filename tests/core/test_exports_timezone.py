"""Exports write times in the configured time zone (Beijing time) and say so in the column title (issue #16)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core.exports import csv_response, xlsx_bytes
from tests.conftest import Personas, client_for
from tests.monitoring.factories import ResultFactory, SampleFactory

MORNING = datetime(2025, 6, 17, 23, 30, tzinfo=UTC)  # 07:30 on 18 June in Dalian


def csv_text(response) -> str:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content).decode("utf-8")


def test_a_csv_export_writes_beijing_time_and_names_the_zone() -> None:
    text = csv_text(csv_response([["sampled at", "site"], [MORNING, "A"], ["2025-06-17 23:30:00+00:00", "B"]], "x"))
    header, first, second = text.lstrip("\ufeff").strip().splitlines()
    assert header.startswith("sampled at (") and "UTC+8" in header and header.endswith(",site")
    assert first == "2025-06-18 07:30:00,A" and second == "2025-06-18 07:30:00,B"


def test_an_excel_export_writes_beijing_time_and_names_the_zone() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("s", [["sampled at", "n"], [MORNING, 1]])]))).active
    assert "UTC+8" in sheet["A1"].value and sheet["B1"].value == "n"
    assert sheet["A2"].value == datetime(2025, 6, 18, 7, 30)


def test_a_table_without_times_keeps_its_titles() -> None:
    text = csv_text(csv_response([["code", "value"], ["a", 1.5]], "x"))
    assert text.lstrip("\ufeff").splitlines()[0] == "code,value"


@pytest.mark.django_db
def test_the_result_list_export_puts_a_morning_sample_on_its_own_day(personas: Personas) -> None:
    ResultFactory(sample=SampleFactory(sampled_at=MORNING))
    response = client_for(personas.bureau).get(reverse("monitoring:result_list"), {"export": "csv"})
    header, row = csv_text(response).lstrip("\ufeff").strip().splitlines()[:2]
    assert "UTC+8" in header.split(",")[0]
    assert row.startswith("2025-06-18 07:30:00")
