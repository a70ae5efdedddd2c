"""Next year's monitoring plan in the browser (issue 18, item 3): the bureau proposes lines within a budget, unticks
one, changes samples, creates the plan and exports it for the laboratories; the page works at phone width."""

from __future__ import annotations

from typing import Any

import pytest

from npgov.monitoring.models import MonitoringPlan
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.risk.test_plan_draft import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bureau_drafts_next_years_plan_and_exports_it(
    personas: Personas, world: dict[str, Any], live_server: Any, browser: Any  # noqa: F811
) -> None:
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/risk/monitoring-plan/draft/")
    page.fill("#id_budget", "0")
    page.click("#plan-draft-propose")
    assert page.locator("#plan-draft-params .invalid-feedback").count() == 1  # budget out of range
    page.fill("#id_budget", "8")
    page.fill("#id_distance_km", "5")
    page.click("#plan-draft-propose")
    table = page.locator("#plan-draft-table").inner_text()
    assert "GJZ-01" in table and "测试中间体乙" in table and "rq_high" not in table
    screenshot(page, "plan-draft-desktop")
    x_key = f"{world['s1'].pk}_{world['x'].pk}"
    page.uncheck(f"input[name=keep_{x_key}]")
    page.fill(f"input[name=samples_{world['s1'].pk}_{world['pfos'].pk}]", "6")
    page.click("#plan-draft-save")
    page.wait_for_selector("#plan-lines")
    plan = MonitoringPlan.objects.get()
    assert [(ln.substance_id, ln.samples_per_year) for ln in plan.lines.all()] == [(world["pfos"].pk, 6)]
    assert "GJZ-01" in page.locator("#plan-lines").inner_text()
    screenshot(page, "plan-draft-saved")
    with page.expect_download() as download:
        page.click("#plan-export")
    assert download.value.suggested_filename == f"monitoring-plan-{plan.year}-{plan.pk}.xlsx"
    page.close()

    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(20_000)
    sign_in(phone, live_server.url, "alice")
    phone.goto(live_server.url + "/risk/monitoring-plan/draft/?name=x&year=2027&budget=8&distance_km=10"
               "&samples_per_year=4")  # fmt: skip
    assert phone.locator("#plan-draft-table tbody tr").count() == 5
    screenshot(phone, "plan-draft-phone")
    phone.close()
