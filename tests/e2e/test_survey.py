"""The survey's "done when" flow in the browser: an enterprise downloads the template, fills and uploads it,
fixes the reported errors, submits; the district returns it with a comment; the enterprise resubmits; the
district passes it, the city accepts it, and the figures appear in the inventory."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest

from npgov.enterprises.models import Enterprise
from npgov.surveys.models import Campaign, Submission
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.surveys.test_workflow import campaign, enterprise  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser: Any) -> Any:
    return browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, accept_downloads=True)


def test_template_upload_submit_return_resubmit_accept(
    personas: Personas,
    campaign: Campaign,  # noqa: F811  (the fixture)
    enterprise: Enterprise,  # noqa: F811
    live_server: Any,
    browser: Any,
    tmp_path: Any,
) -> None:
    eve = _context(browser).new_page()
    sign_in(eve, live_server.url, "eve")
    eve.goto(live_server.url + campaign.get_absolute_url())
    eve.click("#start-form button[type=submit]")
    submission = Submission.objects.get()
    # download the template and fill it, with one bad row
    with eve.expect_download() as download:
        eve.click("#template-xlsx")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["物质明细"]
    sheet.append(["二氯甲烷", "外购", "许多"])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    eve.set_input_files("#id_upload_file", str(bad))
    eve.click("#upload-form button[type=submit]")
    errors = eve.locator("#upload-errors").inner_text()
    assert "未保存任何内容" in errors and "活动类型" in errors and "年用量（吨/年）" in errors
    assert submission.lines.count() == 0
    screenshot(eve, "survey-upload-errors")
    sheet.delete_rows(3)
    good = tmp_path / "good.xlsx"
    book.save(good)
    eve.set_input_files("#id_upload_file", str(good))
    eve.click("#upload-form button[type=submit]")
    # nothing is saved before the enterprise has seen the lines as they will be stored and confirmed them
    assert "二氯甲烷" in eve.locator("#upload-preview").inner_text()
    assert submission.lines.count() == 0
    eve.click("#upload-confirm button[name=confirm]")
    assert "二氯甲烷" in eve.locator("#lines").inner_text()

    def sign_and_submit() -> None:
        eve.fill("#id_filler", "陈工")
        eve.fill("#id_reviewer", "王经理")
        eve.fill("#id_legal_representative", "李董")
        eve.click("#submit-form button[type=submit]")
        assert eve.locator("#sha").inner_text().strip() != ""

    sign_and_submit()
    # the district returns it with a comment on the line
    gan = _context(browser).new_page()
    sign_in(gan, live_server.url, "gan")
    gan.goto(live_server.url + submission.get_absolute_url())
    line = submission.lines.get()
    gan.fill(f"[name=line_comment_{line.pk}]", "请核实排入大气的量")
    gan.select_option("#id_decision", "return")
    gan.click("#review-form button[type=submit]")
    assert "已退回" in gan.locator("#status").inner_text() or "退回" in gan.locator("#status").inner_text()
    screenshot(gan, "survey-returned")
    # the enterprise sees the comment, corrects the line and resubmits
    eve.goto(live_server.url + submission.get_absolute_url())
    assert "请核实排入大气的量" in eve.locator("#comments").inner_text()
    eve.click("#lines a.line-edit")  # the line is corrected in place: a second line for it would be refused
    eve.fill("#id_identifier", "二氯甲")  # the field suggests registry substances as one types
    eve.wait_for_selector("#substance-suggestions option[value='75-09-2']", state="attached")
    eve.fill("#id_identifier", "75-09-2")
    eve.select_option("#id_activity", "processing_use")
    eve.fill("#id_quantity_t", "12.5")
    eve.fill("#id_release_air_kg", "120")
    eve.fill("#id_process", "清洗")
    eve.fill("#id_disposal", "委托危废单位处置")
    eve.fill("#id_control_measures", "密闭操作")
    eve.click("button:has-text('保存明细')")
    sign_and_submit()
    # the district passes it and the city accepts it
    gan.goto(live_server.url + submission.get_absolute_url())
    gan.select_option("#id_decision", "approve")
    gan.click("#review-form button[type=submit]")
    alice = _context(browser).new_page()
    sign_in(alice, live_server.url, "alice")
    alice.goto(live_server.url + submission.get_absolute_url())
    alice.select_option("#id_decision", "approve")
    alice.click("#review-form button[type=submit]")
    submission.refresh_from_db()
    assert submission.status == "accepted" and submission.history.filter(status="returned").exists()
    # the figures appear in the inventory
    alice.goto(f"{live_server.url}/surveys/inventory/?campaign={campaign.pk}")
    assert "二氯甲烷" in alice.content() and "12.5" in alice.content()
    screenshot(alice, "survey-inventory")
