"""List pages export what the user sees, to CSV and Excel, with spreadsheet formulas neutralised."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core.exports import escape_formula
from tests.conftest import Personas, client_for
from tests.core.factories import DepartmentFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"])
def test_it_escapes_formula_cells(value: str) -> None:
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["大连市", "a=b", 3, -2.5, None])
def test_it_leaves_other_values_alone(value: object) -> None:
    assert escape_formula(value) == value


def test_it_exports_the_filtered_list_to_csv_with_a_bom(personas: Personas) -> None:
    response = client_for(personas.bureau).get(reverse("core:department_list") + "?q=海关&export=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) == 3  # header + 大连海关 + 连云港海关
    assert "中华人民共和国大连海关" in text


def test_it_exports_to_excel_with_formulas_escaped(personas: Personas) -> None:
    DepartmentFactory(name_zh="=HYPERLINK(1)")
    response = client_for(personas.bureau).get(reverse("core:department_list") + "?q=HYPERLINK&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "'=HYPERLINK(1)"
    assert sheet["A1"].value == "代码"


def test_exports_drop_characters_excel_refuses(personas: Personas) -> None:
    SubstanceFactory(name_zh="控制\x01字符\x0b", cas=None)
    response = client_for(personas.bureau).get(reverse("substances:substance_list"), {"q": "控制", "export": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active["B2"].value == "控制字符"
