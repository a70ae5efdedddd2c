"""The generic import (issue #16): yes/no read strictly, empty cells keep values, a preview before saving."""

from __future__ import annotations

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.core.importers import IMPORT_SPECS, import_run
from npgov.core.models import Department, ImportBatch
from npgov.core.uploads import PENDING_TTL_SECONDS, keep_pending
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db
URL = reverse("core:department_import")
HEADER = "code,city,name_zh,name_en,kind,is_lead\n"


def upload(client, content: bytes, name: str = "departments.csv", **extra):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **extra})


@pytest.mark.parametrize("word", ["否", "不是", "no", "N", "0", "false", "无", "ｎｏ"])
def test_a_no_in_a_yes_no_column_is_no(personas: Personas, word: str) -> None:
    content = f"{HEADER}dl-yn,210200,大连市是否局,,municipal,{word}\n".encode()
    assert upload(client_for(personas.bureau), content).status_code == 302
    assert Department.objects.get(code="dl-yn").is_lead is False


@pytest.mark.parametrize("word", ["是", "yes", "Y", "1", "对"])
def test_a_yes_in_a_yes_no_column_is_yes(personas: Personas, word: str) -> None:
    content = f"{HEADER}dl-yn,210200,大连市是否局,,municipal,{word}\n".encode()
    assert upload(client_for(personas.bureau), content).status_code == 302
    assert Department.objects.get(code="dl-yn").is_lead is True


def test_an_unknown_yes_no_word_is_a_row_and_column_error(personas: Personas) -> None:
    content = f"{HEADER}dl-yn,210200,大连市是否局,,municipal,也许\n".encode()
    response = upload(client_for(personas.bureau), content)
    assert response.status_code == 400
    [error] = response.context["result"].errors
    assert (error.row, error.column, error.code) == (2, "is_lead", "invalid_yes_no")
    assert not Department.objects.filter(code="dl-yn").exists()


def test_an_empty_cell_keeps_the_current_value_of_an_existing_record(personas: Personas) -> None:
    department = Department.objects.get(code="dl-ara")
    department.name_en, department.is_lead = "Agriculture", True
    department.save()
    content = f"{HEADER}dl-ara,210200,,,,\n".encode()  # only the key: nothing changes
    assert upload(client_for(personas.bureau), content).status_code == 302
    department.refresh_from_db()
    assert (department.name_en, department.is_lead) == ("Agriculture", True)
    content = f"{HEADER}dl-ara,210200,,Farming,,否\n".encode()  # the filled cells change
    assert upload(client_for(personas.bureau), content).status_code == 302
    department.refresh_from_db()
    assert (department.name_en, department.is_lead) == ("Farming", False)


def test_a_dry_run_reports_each_rows_change_and_writes_nothing(personas: Personas) -> None:
    before = Department.objects.get(code="dl-ara").name_en
    content = (f"{HEADER}dl-ara,210200,,Farming,,\n"
               "dl-new,210200,大连市新局,,municipal,否\n"
               "dl-eeb,210200,,,,\n").encode()  # fmt: skip
    report = import_run(spec=IMPORT_SPECS["departments"], data=content, filename="d.csv", user=personas.bureau,
                        dry_run=True)  # fmt: skip
    assert report.ok and (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    changes = {c.row: c for c in report.changes}
    assert changes[2].action == "update" and changes[2].fields == [("name_en", before or "—", "Farming")]
    assert changes[3].action == "create" and ("name_zh", "", "大连市新局") in changes[3].fields
    assert changes[4].action == "unchanged"
    assert report.as_dict(changes=True)["changes"][0]["fields"][0]["new"] == "Farming"
    assert Department.objects.get(code="dl-ara").name_en == before and not ImportBatch.objects.exists()
    assert not Department.objects.filter(code="dl-new").exists()


def test_the_page_previews_then_saves_on_confirmation(personas: Personas) -> None:
    client = client_for(personas.bureau)
    content = f"{HEADER}dl-pv,210200,大连市预览局,,municipal,否\ndl-ara,210200,,Farming,,\n".encode()
    response = upload(client, content, step="preview")
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["preview"].created == 1 and "Farming" in page and "大连市预览局" in page
    assert not Department.objects.filter(code="dl-pv").exists()  # nothing saved yet
    token = response.context["pending"].token
    # another user cannot confirm it
    other = client_for(personas.sysadmin).post(URL, {"token": token})
    assert other.status_code == 400 and not Department.objects.filter(code="dl-pv").exists()
    response = client.post(URL, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert Department.objects.get(code="dl-pv").is_lead is False
    assert Department.objects.get(code="dl-ara").name_en == "Farming"
    assert ImportBatch.objects.get().created == 1
    # the token is used up
    assert client.post(URL, {"token": token}).status_code == 400


def test_an_expired_or_forged_token_is_refused_and_cancel_saves_nothing(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for(personas.bureau)
    content = f"{HEADER}dl-ex,210200,大连市过期局,,municipal,否\n".encode()
    pending = keep_pending(content, "d.csv", personas.bureau, "import:departments")
    meta = pending.path.with_suffix(".json")
    data = json.loads(meta.read_text())
    data["created"] = time.time() - PENDING_TTL_SECONDS - 1
    meta.write_text(json.dumps(data))
    assert client.post(URL, {"token": pending.token}).status_code == 400
    assert client.post(URL, {"token": "../../etc/passwd"}).status_code == 400
    wrong_importer = keep_pending(content, "d.csv", personas.bureau, "import:enterprises")
    assert client.post(URL, {"token": wrong_importer.token}).status_code == 400
    pending = keep_pending(content, "d.csv", personas.bureau, "import:departments")
    assert client.post(URL, {"token": pending.token, "cancel": "1"}).status_code == 302
    assert not pending.path.exists() and not Department.objects.filter(code="dl-ex").exists()


def test_a_file_changed_after_its_preview_is_refused(personas: Personas) -> None:
    content = f"{HEADER}dl-tm,210200,大连市篡改局,,municipal,否\n".encode()
    pending = keep_pending(content, "d.csv", personas.bureau, "import:departments")
    pending.path.write_bytes(content.replace(b"\xe5\x90\xa6", b"\xe6\x98\xaf"))  # 否 → 是
    assert client_for(personas.bureau).post(URL, {"token": pending.token}).status_code == 400
    assert not Department.objects.filter(code="dl-tm").exists()


def test_the_upload_page_states_the_caps_and_how_cells_are_read(personas: Personas) -> None:
    page = client_for(personas.bureau).get(URL).content.decode()
    assert "100,000" in page and "200" in page  # the caps of the import (DEFAULT: rows, columns)
    assert "12,5" in page and "是/否" in page


def test_the_template_help_says_how_numbers_and_yes_no_are_read(personas: Personas) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(personas.bureau).get(reverse("enterprises:enterprise_import") + "?template=xlsx")
    help_sheet = load_workbook(BytesIO(response.content)).worksheets[1]
    helps = {row[1]: row[3] for row in help_sheet.iter_rows(values_only=True)}
    assert "12,5" in helps["latitude"] and "是/否" in helps["key_discharge_unit"]


def test_a_malformed_file_names_its_row(personas: Personas) -> None:
    content = (HEADER + 'dl-q1,210200,"大连市引号局,,municipal,否\n' + "dl-q2,210200,乙,,municipal,否\n" * 3).encode()
    response = upload(client_for(personas.bureau), content)
    assert response.status_code == 400
    assert response.context["result"].errors[0].row == 2


def test_a_file_over_the_row_cap_is_refused_before_any_row_is_validated(
    personas: Personas, django_assert_max_num_queries  # type: ignore[no-untyped-def]
) -> None:
    content = (HEADER + "dl-cap,210200,大连市上限局,,municipal,否\n" * 100_001).encode()
    with django_assert_max_num_queries(3):  # no row validated (each would query the city and the key)
        report = import_run(spec=IMPORT_SPECS["departments"], data=content, filename="d.csv", user=personas.bureau)
    assert not report.ok and report.errors[0].row == 100_002 and report.rows == 0
