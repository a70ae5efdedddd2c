"""Reproducible annual snapshots in the browser (issue 18, item 4): the bureau freezes last year's evaluation,
opens the frozen report and its comparison with this year's; a district official reads both on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from npgov.workplan.models import EvaluationSnapshot
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.workplan.test_snapshots import LAST, accepted_report, dalian, last_year_data

pytestmark = pytest.mark.django_db(transaction=True)

# A page wider than the screen (a table not wrapped in .table-responsive): the phone would scroll sideways.
OVERFLOW = "document.documentElement.scrollWidth > window.innerWidth + 1"


def test_the_bureau_freezes_last_year_and_compares_it_with_this_year(
    personas: Personas, live_server: Any, browser: Any
) -> None:
    data = last_year_data()
    plan = dalian()
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the freeze asks first (data-confirm)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("#evaluation-link")
    page.select_option("select[name=year]", str(LAST))
    page.click("form[method=get] button")
    page.click("#freeze-evaluation")
    page.wait_for_selector("#frozen-badge")
    snapshot = EvaluationSnapshot.objects.get(plan=plan, year=LAST)
    assert snapshot.digest in page.locator("#frozen-badge").inner_text()
    assert page.locator("#freeze-evaluation").count() == 0
    report = page.locator("#evaluation-report").inner_text()
    assert "双酚A" in report and data["campaign"].title in report
    assert "processing_use" not in report  # labels, never codes
    screenshot(page, "evaluation-frozen")
    # the data moves on after the freeze: the frozen report does not
    accepted_report(data["campaign"])
    page.reload()
    assert page.locator("#evaluation-report").inner_text() == report
    page.click("#compare-link")
    table = page.locator("#comparison")
    table.wait_for()
    assert f"{LAST}" in page.locator("#compare-sides").inner_text()
    assert table.locator("tr.table-warning").count() > 0  # this year's live figures differ from last year's
    screenshot(page, "evaluation-compare")
    page.close()

    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(20_000)
    sign_in(phone, live_server.url, "gan")
    phone.goto(f"{live_server.url}/workplan/plans/{plan.pk}/evaluation/?year={LAST}")
    assert snapshot.digest in phone.locator("#frozen-badge").inner_text()
    assert phone.locator("#freeze-evaluation").count() == 0  # only the bureau freezes
    assert not phone.evaluate(OVERFLOW)
    screenshot(phone, "evaluation-frozen-phone")
    phone.click("#compare-link")
    phone.locator("#comparison").wait_for()
    assert not phone.evaluate(OVERFLOW)
    screenshot(phone, "evaluation-compare-phone")
    phone.close()
