"""An enterprise fills the survey through the Excel template: a bad file is explained row by row, a good one saved."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest

from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry
from npgov.surveys.models import Campaign, Submission
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_download_fill_and_upload_the_template(personas: Personas, live_server: Any, page: Any, tmp_path: Any) -> None:
    city = District.objects.get(code="210200")
    campaign = Campaign.objects.create(title="2025年度调查", city=city, year=2025, deadline=date(2026, 6, 30))
    company = Enterprise.objects.create(
        uscc="9144030071526726XG",
        name="甘井子示例化工",
        industry=Industry.objects.get(code="2614"),
        district=District.objects.get(code="210211"),
    )
    company.users.add(personas.enterprise)
    submission = Submission.objects.create(campaign=campaign, enterprise=company)
    sign_in(page, live_server.url, "eve")
    page.goto(live_server.url + submission.get_absolute_url())
    with page.expect_download() as download:
        page.click("#template-xlsx")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["物质明细"]
    sheet.append(["二氯甲烷", "外购", "许多"])  # a bad activity and a bad quantity on row 3
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    page.set_input_files("#id_upload_file", str(bad))
    page.click("#upload-form button[type=submit]")
    errors = page.locator("#upload-errors").inner_text()
    assert "未保存任何内容" in errors and "活动类型" in errors and "年用量（吨/年）" in errors
    screenshot(page, "survey-upload-errors")
    sheet.delete_rows(3)
    good = tmp_path / "good.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    good.write_bytes(buffer.getvalue())
    page.set_input_files("#id_upload_file", str(good))
    page.click("#upload-form button[type=submit]")
    assert "二氯甲烷" in page.locator("#lines").inner_text()
    assert submission.lines.count() == 1
    screenshot(page, "survey-upload-saved")
