"""The survey upload never changes a quantity silently (issue 16, defect 3), and one file cannot hold the service
(defect 4): each bad file under ``tests/surveys/files/`` ends in row and column errors with nothing saved, and a good
one is shown back exactly as it will be stored before the enterprise confirms it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from npgov.core.exports import xlsx_bytes
from npgov.enterprises.models import Enterprise
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.services import upload
from npgov.surveys.services.upload import COLUMNS, LINES_SHEET, TITLE
from tests.conftest import Personas, client_for
from tests.surveys.factories import SubmissionLineFactory
from tests.surveys.test_workflow import campaign, enterprise  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
HEADER = [column.label for column in COLUMNS]
DETAILS = ["清洗", "危废处置", "密闭操作", ""]
QUANTITY, AIR, USES = TITLE["quantity_t"], TITLE["release_air_kg"], TITLE["uses"]


@pytest.fixture
def draft(personas: Personas, campaign: Campaign, enterprise: Enterprise) -> Submission:  # noqa: F811
    client_for(personas.enterprise).post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    return Submission.objects.get()


def _post(personas: Personas, draft: Submission, name: str, data: bytes | None = None):  # type: ignore[no-untyped-def]
    content = (FILES / name).read_bytes() if data is None else data
    client = client_for(personas.enterprise)
    return client.post(draft.get_absolute_url(), {"action": "upload", "file": SimpleUploadedFile(name, content)})


def _cells(response) -> dict[tuple[int, str], list[str]]:  # type: ignore[no-untyped-def]
    found: dict[tuple[int, str], list[str]] = {}
    for error in response.context["upload_errors"]:
        found.setdefault((error.row, error.column), []).append(error.code)
    return found


def _refused(response, draft: Submission) -> dict[tuple[int, str], list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response.context.get("upload_preview") is None
    assert not draft.lines.exists()
    return _cells(response)


def test_a_repeated_substance_and_activity_is_an_error_naming_both_rows(personas: Personas, draft: Submission) -> None:
    # 12.5 + 3 + 7 t of dichloromethane (the last by its Chinese name) were stored as 7 t
    response = _post(personas, draft, "survey_repeated_line.csv")
    cells = _refused(response, draft)
    assert cells == {(3, TITLE["identifier"]): ["duplicate_line"], (4, TITLE["identifier"]): ["duplicate_line"]}
    messages = [e.message for e in response.context["upload_errors"]]
    assert all("2" in message for message in messages)  # each names the first row


def test_the_same_substance_with_another_activity_is_a_line_of_its_own(personas: Personas, draft: Submission) -> None:
    rows = [["75-09-2", "加工使用", "12.5", "", "3", "0", "0", "0", *DETAILS],
            ["75-09-2", "生产", "3", "", "1", "0", "0", "0", *DETAILS]]  # fmt: skip
    response = _post(personas, draft, "lines.xlsx", xlsx_bytes([(LINES_SHEET, [HEADER, *rows])]))
    assert [line.activity for line in response.context["upload_preview"]["lines"]] == ["processing_use", "production"]


def test_a_decimal_comma_is_refused_not_read_as_a_factor_of_ten(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_decimal_comma.csv"), draft)
    assert cells == {(2, QUANTITY): ["decimal_comma"], (2, AIR): ["decimal_comma"]}


def test_an_empty_required_quantity_is_required_not_zero(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_empty_quantity.csv"), draft)
    assert cells == {(2, QUANTITY): ["required"], (3, QUANTITY): ["required"]}


def test_two_columns_of_the_same_title_are_an_error_naming_the_column(personas: Personas, draft: Submission) -> None:
    response = _post(personas, draft, "survey_duplicate_column.csv")
    cells = _refused(response, draft)
    assert cells == {(1, "年用量(吨/年)"): ["duplicate_column"]}


def test_excel_numbers_with_more_decimals_than_stored_are_row_errors(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_excel_decimals.xlsx"), draft)
    assert cells == {(2, QUANTITY): ["too_many_decimals"], (2, AIR): ["too_many_decimals"]}


def test_text_longer_than_its_field_is_a_row_error(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_long_text.csv"), draft)
    assert cells == {(2, USES): ["max_length"], (2, TITLE["process"]): ["max_length"]}


def test_impossible_numbers_are_row_errors(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_impossible_numbers.csv"), draft)
    assert cells[(2, QUANTITY)] == ["invalid_number"] and cells[(2, AIR)] == ["invalid_number"]  # inf, nan
    assert cells[(3, QUANTITY)] and cells[(3, AIR)]  # 1e308 t, 1e400 kg
    assert cells[(4, QUANTITY)] == ["below_minimum"] and cells[(4, TITLE["release_water_kg"])] == ["below_minimum"]
    assert cells[(5, AIR)]  # 5e11 kg: more digits than the column stores
    assert (5, QUANTITY) not in cells


def test_words_in_number_cells_and_an_unknown_activity_are_row_errors(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_words_in_numbers.csv"), draft)
    assert cells == {(2, TITLE["activity"]): ["invalid_choice"], (2, QUANTITY): ["invalid_number"],
                     (2, AIR): ["invalid_number"]}  # fmt: skip


def test_a_good_file_is_shown_back_exactly_before_it_is_saved(personas: Personas, draft: Submission) -> None:
    old = SubmissionLineFactory(submission=draft)
    response = _post(personas, draft, "survey_exact_numbers.csv")
    assert response.status_code == 200 and not response.context["upload_errors"]
    preview = response.context["upload_preview"]
    (line,) = preview["lines"]
    assert line.quantity_t == Decimal("1234.5")  # 1,234.5: a thousands separator
    assert line.releases == {"release_air_kg": Decimal("12.5"), "release_water_kg": Decimal("15"),
                             "release_soil_kg": Decimal(0), "transfer_kg": Decimal(0)}  # fmt: skip
    page = response.content.decode()
    assert 'id="upload-preview"' in page and "1234.5" in page and "二氯甲烷" in page
    assert list(draft.lines.all()) == [old]  # nothing changed yet
    client = client_for(personas.enterprise)
    confirm = {"action": "upload_confirm", "token": preview["token"], "digest": preview["digest"]}
    # a confirmation of other lines than those shown, or of another upload, saves nothing
    client.post(draft.get_absolute_url(), {**confirm, "digest": "0" * 64})
    client.post(draft.get_absolute_url(), {**confirm, "token": "x" * 43})
    assert list(draft.lines.all()) == [old]
    # another user (even of the same enterprise) cannot confirm it
    from tests.core.factories import UserFactory

    colleague = UserFactory(role="enterprise")
    draft.enterprise.users.add(colleague)
    assert client_for(colleague).post(draft.get_absolute_url(), confirm).status_code == 200
    assert list(draft.lines.all()) == [old]
    saved = client.post(draft.get_absolute_url(), confirm)
    assert saved.status_code == 302
    (stored,) = draft.lines.all()
    assert stored.substance.cas == "75-09-2" and stored.quantity_t == Decimal("1234.5")
    assert (stored.release_air_kg, stored.release_water_kg, stored.transfer_kg) == (Decimal("12.5"), 15, 0)
    assert stored.history.count() == 1
    # the preview is used once
    again = client.post(draft.get_absolute_url(), confirm)
    assert again.status_code == 200 and [e.code for e in again.context["upload_errors"]] == ["expired_preview"]
    assert draft.lines.count() == 1


def test_a_preview_can_be_cancelled(personas: Personas, draft: Submission) -> None:
    response = _post(personas, draft, "survey_exact_numbers.csv")
    client = client_for(personas.enterprise)
    preview = response.context["upload_preview"]
    confirm = {"action": "upload_confirm", "token": preview["token"], "digest": preview["digest"]}
    assert client.post(draft.get_absolute_url(), {**confirm, "cancel": "1"}).status_code == 302
    client.post(draft.get_absolute_url(), confirm)
    assert not draft.lines.exists()


def test_a_stray_quote_mark_fails_quickly_naming_the_row(personas: Personas, draft: Submission) -> None:
    response = _post(personas, draft, "survey_stray_quote.csv")
    cells = _refused(response, draft)
    assert {row for row, _column in cells} == {2}


def test_a_workbook_that_inflates_beyond_the_cap_is_refused_unread(personas: Personas, draft: Submission) -> None:
    cells = _refused(_post(personas, draft, "survey_inflates.xlsx"), draft)
    assert cells == {(0, ""): ["file_refused"]}
    cells = _refused(_post(personas, draft, "survey_not_a_workbook.xlsx"), draft)
    assert list(cells) == [(0, "")]


def test_size_and_row_caps_apply_and_are_stated_on_the_page(personas: Personas, draft: Submission) -> None:
    page = client_for(personas.enterprise).get(draft.get_absolute_url()).content.decode()
    assert upload.LIMITS.describe() in page
    rows = [[cas, "生产", "1", "", "0", "0", "0", "0", *DETAILS] for cas in ("75-09-2", "127-18-4", "79-01-6")]
    data = xlsx_bytes([(LINES_SHEET, [HEADER, *rows])])
    with override_settings(UPLOAD_LIMIT_FACTOR=0.0005):  # 1 row, 2.6 kB
        assert _refused(_post(personas, draft, "lines.xlsx", data), draft) == {(0, ""): ["file_refused"]}
    small = "\r\n".join([",".join(HEADER), *(",".join(row) for row in rows)]).encode()
    assert upload.LIMITS.max_rows == 1000
    with override_settings(UPLOAD_LIMIT_FACTOR=0.002):  # 2 rows, 10 kB
        response = _post(personas, draft, "lines.csv", small)
    assert _refused(response, draft) == {(4, ""): ["unreadable_file"]}  # the row where the cap is passed


def test_the_one_step_service_still_checks_and_replaces(personas: Personas, draft: Submission) -> None:
    data = (FILES / "survey_repeated_line.csv").read_bytes()
    report = upload.submission_lines_import(submission=draft, user=personas.enterprise, data=data, filename="a.csv")
    assert not report.ok and not draft.lines.exists()
    data = (FILES / "survey_exact_numbers.csv").read_bytes()
    report = upload.submission_lines_import(submission=draft, user=personas.enterprise, data=data, filename="a.csv")
    assert report.ok and report.created == 1 and draft.lines.get().quantity_t == Decimal("1234.5")


def test_a_workbook_of_the_lines_alone_is_read_whatever_its_sheet_is_called(
    personas: Personas, draft: Submission
) -> None:
    row = ["75-09-2", "加工使用", "12.5", "", "3", "0", "0", "0", *DETAILS]
    alone = _post(personas, draft, "lines.xlsx", xlsx_bytes([("Sheet1", [HEADER, row])]))
    assert [line.quantity_t for line in alone.context["upload_preview"]["lines"]] == [Decimal("12.5")]
    two = _post(personas, draft, "lines.xlsx", xlsx_bytes([("说明", [["x"]]), ("Sheet1", [HEADER, row])]))
    assert LINES_SHEET in two.context["upload_errors"][0].message
