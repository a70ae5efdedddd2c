"""Bulk import of departments: validate every row, report by row and column, commit all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from npgov.core.importers import Column, ImportReport, RowError, find_duplicate_import, map_columns
from npgov.core.models import Department, ImportBatch, Job
from tests.conftest import Personas, client_for
from tests.core.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db
URL = reverse("core:department_import")
HEADER = "code,city,name_zh,short_name_zh,name_en,kind,is_lead\n"


def upload(client, content: bytes, name: str = "departments.csv", **extra):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **extra})


def test_it_imports_a_valid_csv_and_records_the_batch(personas: Personas) -> None:
    # given
    before = Department.objects.count()
    content = (HEADER + "dl-x1,210200,大连市甲局,市甲局,Bureau A,municipal,false\n"
               "dl-x2,210200,大连市乙局,市乙局,Bureau B,vertical,false\n").encode()  # fmt: skip
    # when
    response = upload(client_for(personas.bureau), content)
    # then
    assert response.status_code == 302
    assert Department.objects.count() == before + 2
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created, batch.user) == (2, 2, personas.bureau)
    assert Department.objects.get(code="dl-x1").history.first().history_user == personas.bureau


def test_it_reports_every_bad_row_and_saves_nothing(personas: Personas) -> None:
    before = (Department.objects.count(), ImportBatch.objects.count())
    content = (HEADER + "dl-ok,210200,大连市好局,,,,false\n"
               "dl-bad,999999,大连市坏局,,,,false\n"
               "dl-ok,210200,重复,,,,false\n"
               ",210200,,,,weird,false\n").encode()  # fmt: skip
    response = upload(client_for(personas.bureau), content)
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert (3, "city") in errors  # unknown city code
    assert (4, "code") in errors  # duplicate key within the file
    assert (5, "code") in errors and (5, "name_zh") in errors and (5, "kind") in errors
    assert (Department.objects.count(), ImportBatch.objects.count()) == before
    assert "未导入任何数据" in response.content.decode()


def test_it_refuses_the_same_file_twice(personas: Personas) -> None:
    content = (HEADER + "dl-x1,210200,大连市甲局,,,,false\n").encode()
    client = client_for(personas.bureau)
    assert upload(client, content).status_code == 302
    response = upload(client, content)
    assert response.status_code == 400
    assert "已于" in response.context["result"].errors[0].message
    assert response.context["result"].errors[0].code == "duplicate_file"


def test_it_reads_gb18030_csv_with_chinese_headers(personas: Personas) -> None:
    content = "代码,所属城市,中文名称\ndl-gbk,210200,大连市国标局\n".encode("gb18030")
    assert upload(client_for(personas.bureau), content).status_code == 302
    assert Department.objects.get(code="dl-gbk").name_zh == "大连市国标局"


def test_it_updates_a_record_whose_key_exists(personas: Personas) -> None:
    content = (HEADER + "dl-ara,210200,大连市农业农村局,市农业农村局,Renamed,municipal,false\n").encode()
    assert upload(client_for(personas.bureau), content).status_code == 302
    assert Department.objects.get(code="dl-ara").name_en == "Renamed"
    assert ImportBatch.objects.get().updated == 1


def test_it_reads_an_excel_file(personas: Personas) -> None:
    workbook = Workbook()
    workbook.active.append(["code", "city", "name_zh"])
    workbook.active.append(["dl-xlsx", 210200, "大连市表格局"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(client_for(personas.bureau), buffer.getvalue(), "d.xlsx").status_code == 302
    assert Department.objects.filter(code="dl-xlsx").exists()


def test_it_rejects_unknown_columns_and_file_types(personas: Personas) -> None:
    client = client_for(personas.bureau)
    response = upload(client, b"code,city,name_zh,colour\nx,210200,y,red\n")
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(1, "colour")]
    response = upload(client, b"whatever", "departments.pdf")
    assert response.status_code == 200 and "请上传 .csv 或 .xlsx 文件" in response.content.decode()


def test_it_runs_in_the_background_when_asked_and_shows_the_job(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    content = (HEADER + "dl-bg,210200,大连市后台局,,,,false\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_for(personas.bureau), content, background="on")
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.progress, job.result["created"]) == ("succeeded", 100, 1)
    assert Department.objects.filter(code="dl-bg").exists()


def test_a_failing_background_import_fails_its_job_and_writes_nothing(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    content = (HEADER + "dl-bg,999999,大连市后台局,,,,false\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(personas.bureau), content, background="on")
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.result["errors"][0]["column"] == "city"
    assert not Department.objects.filter(code="dl-bg").exists()


def test_it_offers_templates_in_both_formats(personas: Personas) -> None:
    client = client_for(personas.bureau)
    csv_text = b"".join(client.get(URL + "?template=csv").streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("代码,所属城市,中文名称")
    workbook = load_workbook(io.BytesIO(client.get(URL + "?template=xlsx").content))
    assert workbook.sheetnames == ["数据", "说明"]
    assert workbook["数据"]["A1"].value == "代码"


def test_it_forbids_import_to_roles_that_may_not_add(personas: Personas) -> None:
    response = upload(client_for(personas.department), (HEADER + "x,210200,y,,,,false\n").encode())
    assert response.status_code == 403


COLUMNS = (
    Column("site", "site code", ("站点编码", "site_code"), required=True),
    Column("value", "value", ("测定值",), required=True),
    Column("unit", "unit", ("单位",)),
)


def test_map_columns_matches_keys_aliases_and_titles_whatever_the_case_spacing_or_brackets() -> None:
    mapping, errors = map_columns(["Site Code", "测定值", " UNIT "], COLUMNS)
    assert (mapping, errors) == ({"site": 0, "value": 1, "unit": 2}, [])
    assert map_columns(["site_code（）", "value"], COLUMNS)[0] == {"site": 0, "value": 1}


def test_map_columns_reports_unknown_repeated_and_missing_columns_by_code() -> None:
    mapping, errors = map_columns(["站点编码", "colour", "site"], COLUMNS)
    assert mapping == {"site": 0}
    assert [(e.row, e.column, e.code) for e in errors] == [
        (1, "colour", "unknown_column"), (1, "site", "duplicate_column"), (1, "value", "required_column")
    ]  # fmt: skip
    assert map_columns(["site", "value", "colour"], COLUMNS, ignore_unknown=True) == ({"site": 0, "value": 1}, [])


def test_the_report_counts_every_error_but_lists_the_first_thousand() -> None:
    report = ImportReport()
    report.extend(RowError(line, "value", "invalid_number", "Not a number.") for line in range(2, 1202))
    assert (report.ok, report.error_count, len(report.errors)) == (False, 1200, 1000)
    assert report.as_dict()["errors"][0] == {"row": 2, "column": "value", "code": "invalid_number",
                                             "message": "Not a number."}  # fmt: skip


def test_find_duplicate_import_names_the_earlier_batch(personas: Personas) -> None:
    assert find_duplicate_import(target="core.department", sha256="ab" * 32) is None
    ImportBatchFactory(target="core.department", file_name="d.csv", sha256="ab" * 32, user=personas.bureau)
    error = find_duplicate_import(target="core.department", sha256="ab" * 32)
    assert error is not None and (error.row, error.code) == (0, "duplicate_file")
    assert find_duplicate_import(target="monitoring.result", sha256="ab" * 32) is None
