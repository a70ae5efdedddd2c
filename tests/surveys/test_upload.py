"""The Excel path of the survey: download the template, fill it, upload; bad rows are named and nothing is saved."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from npgov.core.exports import xlsx_bytes
from npgov.enterprises.models import Enterprise
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.services.upload import COLUMNS, LINES_SHEET, template_sheets
from tests.conftest import Personas, client_for
from tests.surveys.test_workflow import campaign, enterprise  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HEADER = [column.label for column in COLUMNS]
GOOD_ROW = ["75-09-2", "加工使用", "12.5", "清洗剂", "300", "0", "0", "0", "清洗", "危废处置", "密闭操作", ""]


def _workbook(*rows: list[str]) -> SimpleUploadedFile:
    data = xlsx_bytes([(LINES_SHEET, [HEADER, *rows])])
    return SimpleUploadedFile("lines.xlsx", data)


def _upload_and_confirm(client, submission: Submission, file: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    """Upload a file, then confirm the lines its preview shows (the two steps of the page)."""
    preview = client.post(submission.get_absolute_url(), {"action": "upload", "file": file}).context["upload_preview"]
    confirm = {"action": "upload_confirm", "token": preview["token"], "digest": preview["digest"]}
    return client.post(submission.get_absolute_url(), confirm)


@pytest.fixture
def draft(personas: Personas, campaign: Campaign, enterprise: Enterprise) -> Submission:  # noqa: F811
    client_for(personas.enterprise).post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    return Submission.objects.get()


def test_the_template_has_instructions_and_the_lines_sheet(personas: Personas, draft: Submission) -> None:
    response = client_for(personas.enterprise).get(draft.get_absolute_url(), {"template": "xlsx"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["填报说明", LINES_SHEET]
    assert [c.value for c in book[LINES_SHEET][1]] == HEADER
    # the template's own example row passes the checks
    assert template_sheets()[1][1][1] == GOOD_ROW[:9] + ["委托危废单位处置", "密闭操作，活性炭吸附", ""]


def test_a_good_file_replaces_the_lines(personas: Personas, draft: Submission) -> None:
    company = client_for(personas.enterprise)
    response = _upload_and_confirm(company, draft, _workbook(GOOD_ROW))
    assert response.status_code == 302
    assert draft.lines.get().substance.cas == "75-09-2"
    second = ["127-18-4", "生产", "3", "干洗", "10", "0", "0", "0", "合成", "焚烧", "", ""]
    _upload_and_confirm(company, draft, _workbook(second))
    assert [line.substance.cas for line in draft.lines.all()] == ["127-18-4"]


def test_bad_rows_are_named_and_nothing_is_saved(personas: Personas, draft: Submission) -> None:
    company = client_for(personas.enterprise)
    bad_quantity = [*GOOD_ROW[:2], "许多", *GOOD_ROW[3:]]
    unknown = ["某种未知物质", "生产", "1", "", "", "", "", "", "", "", "", ""]
    missing_measures = [*GOOD_ROW[:10], "", ""]
    response = company.post(
        draft.get_absolute_url(),
        {"action": "upload", "file": _workbook(GOOD_ROW, bad_quantity, unknown, missing_measures)},
    )
    assert response.status_code == 200
    errors = response.context["upload_errors"]
    cells = {(e.row, e.column) for e in errors}
    assert (3, "年用量（吨/年）") in cells
    assert (4, "CAS号或物质名称") in cells
    assert (5, "已采取的管控措施（重点管控信息）") in cells
    assert not any(e.row == 2 for e in errors)
    page = response.content.decode()
    assert "upload-errors" in page and LINES_SHEET in page
    assert not draft.lines.exists()


def test_a_missing_column_or_wrong_file_type_is_reported(personas: Personas, draft: Submission) -> None:
    company = client_for(personas.enterprise)
    no_activity = SimpleUploadedFile("lines.csv", "CAS号或物质名称,年用量（吨/年）\n75-09-2,1\n".encode("utf-8-sig"))
    response = company.post(draft.get_absolute_url(), {"action": "upload", "file": no_activity})
    assert [e.column for e in response.context["upload_errors"]] == ["活动类型"]
    wrong = SimpleUploadedFile("lines.pdf", b"%PDF-1.4")
    page = company.post(draft.get_absolute_url(), {"action": "upload", "file": wrong}).content.decode()
    assert ".xlsx 文件" in page
    assert not draft.lines.exists()


def test_a_submitted_survey_cannot_be_replaced_by_upload(personas: Personas, draft: Submission) -> None:
    Submission.objects.filter(pk=draft.pk).update(status="submitted")
    company = client_for(personas.enterprise)
    company.post(draft.get_absolute_url(), {"action": "upload", "file": _workbook(GOOD_ROW)})
    assert not draft.lines.exists()


def test_a_gb18030_csv_and_a_bad_cas_check_digit(personas: Personas, draft: Submission) -> None:
    company = client_for(personas.enterprise)
    header = ",".join(HEADER)
    bad = SimpleUploadedFile("lines.csv", f"{header}\n75-09-3,加工使用,1,,,,,,,,密闭,\n".encode("gb18030"))
    errors = company.post(draft.get_absolute_url(), {"action": "upload", "file": bad}).context["upload_errors"]
    assert [(e.row, e.column) for e in errors] == [(2, "CAS号或物质名称")] and "校验位" in errors[0].message
    good = SimpleUploadedFile("lines.csv", f"{header}\n75-09-2,加工使用,1,,,,,,清洗,危废处置,密闭,\n".encode("gb18030"))
    assert _upload_and_confirm(company, draft, good).status_code == 302
    assert draft.lines.count() == 1


def test_the_identifier_field_suggests_substances(personas: Personas, draft: Submission) -> None:
    company = client_for(personas.enterprise)
    page = company.get(draft.get_absolute_url()).content.decode()
    assert 'list="substance-suggestions"' in page and 'id="substance-suggestions"' in page
    options = company.get("/substances/suggest/", {"identifier": "二氯甲"}).content.decode()
    assert 'value="75-09-2"' in options
    assert company.get("/substances/suggest/", {"q": "二"}).content.decode().strip() == ""
