"""Estimated RQs in the browser (issue 18, item 2): the bureau starts a run and sees the unmonitored substances'
estimated RQs flagged 估算 in their own card, apart from the measured rows, and PEC beside MEC for a substance
that is both reported and measured; on a phone the tables scroll inside the page."""

from __future__ import annotations

from typing import Any

import pytest

from npgov.risk.services import pnecs_load
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.monitoring.conftest import sites  # noqa: F401  (fixture)
from tests.risk.test_estimates import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference(personas: Personas) -> None:
    pnecs_load()  # the shipped PNECs, as on a real installation


def test_a_run_shows_estimated_rqs_apart_from_measured_ones(
    reference: None, world: dict, live_server: Any, browser: Any  # noqa: F811  (the fixture)
) -> None:
    base = live_server.url
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page.set_default_timeout(30_000)
    sign_in(page, base, "alice")
    page.goto(base + "/risk/runs/add/")
    page.fill("#id_title", "2025年地表水生态风险评估（含估算）")
    assert page.locator("#id_estimate_unmonitored").is_checked()  # on by default
    page.click("#run-submit")
    page.wait_for_url("**/core/jobs/*/")
    page.click("#job-result-link")

    card = page.locator("#run-estimates")
    assert "估算" in card.locator(".card-header").first.inner_text()
    basis = page.locator("#run-estimates-basis").inner_text()
    assert "2025" in basis and "不是实测" in basis
    estimated = page.locator("#run-estimated").inner_text()
    assert "甲苯" in estimated and "1e+05" in estimated and "estimate" not in estimated
    assert "甲苯" not in page.locator("#run-sites").inner_text()  # never among the measured rows
    beside = page.locator("#run-pec-mec").inner_text()
    assert "1763-23-1" in beside and "5e+04" in beside and "2.5" in beside
    card.scroll_into_view_if_needed()
    screenshot(page, "run-estimates")
    url = page.url
    page.close()

    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(30_000)
    sign_in(phone, base, "alice")
    phone.goto(url)
    phone.locator("#run-estimates").scroll_into_view_if_needed()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # the tables scroll in their own box, not the page
    screenshot(phone, "run-estimates-phone")
