"""List-change impact in the browser (issue 18): the bureau loads a revised key-controlled list, opens its
impact, sees the affected enterprises with the findings that would open, tells them; the enterprise clerk sees the
notification on a phone and follows it to the list."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from npgov.core.models import District
from npgov.enterprises.services import demo_uscc
from tests.compliance.test_findings import accepted_report
from tests.compliance.test_list_impact import FOAM, PFOS, TOLUENE, revised_list
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_revised_list_shows_its_impact_and_tells_those_affected(
    personas: Personas, live_server: Any, browser: Any, tmp_path: Path
) -> None:
    ganjingzi = District.objects.get(code="210211")
    solvents = EnterpriseFactory(uscc=demo_uscc(911, "210211"), name="甘井子溶剂公司", district=ganjingzi)
    foam = EnterpriseFactory(uscc=demo_uscc(912, "210211"), name="甘井子消防药剂公司", district=ganjingzi)
    solvents.users.add(personas.enterprise)
    accepted_report(solvents, personas.sysadmin, 2025, TOLUENE, "processing_use", "")
    accepted_report(foam, personas.sysadmin, 2025, PFOS, "processing_use", FOAM)
    call_command("regulations", "load", str(revised_list(tmp_path)), stdout=io.StringIO())

    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/compliance/list-changes/")
    page.click("#list-changes a[href$='/CN-KCNP-2023/']")
    assert "第 1 版 → 第 2 版" in page.locator("#list-change-summary").inner_text()
    entries = page.locator("#list-change-entries").inner_text()
    assert "甲苯类（测试用）" in entries and "新增" in entries and "禁止加工使用" in entries
    affected = page.locator("#list-change-affected").inner_text()
    assert "甘井子溶剂公司" in affected and "甘井子消防药剂公司" in affected and "2027-01-01" in affected
    assert "ban" not in affected and "processing_use" not in affected  # labels, never codes
    screenshot(page, "list-change-impact")
    with page.expect_download() as download:
        page.click("#list-change-export")
    assert download.value.suggested_filename == "list-change-CN-KCNP-2023-2.xlsx"
    page.click("#list-change-notify")
    assert "每人只通知一次" in page.locator(".alert-success").inner_text()
    page.close()

    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(20_000)
    sign_in(phone, live_server.url, "eve")
    phone.goto(live_server.url + "/notifications/")
    card = phone.locator(".list-group-item, .card, li", has_text="重点管控新污染物清单（2023年版）（第 2 版）").last
    assert card.is_visible() and "2027-01-01" in card.inner_text() and "甲苯" in card.inner_text()
    screenshot(phone, "list-change-notification-phone")
    card.get_by_text("查看").click()
    phone.wait_for_url("**/regulations/lists/**")
    assert "重点管控新污染物清单" in phone.content()
    phone.close()
