"""A new user classifies chemicals in the browser and opens a substance's control sheet."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_classify_then_open_the_substance_and_its_policy_sheet(personas: Personas, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "dora")
    page.click("text=化学物质名录识别")
    page.fill("#id_identifiers", "3825-26-1\n二氯甲烷\n1763-23-2\n乙醇")
    page.click("#classify-form button[type=submit]:not([name])")
    results = page.locator("#results")
    text = results.inner_text()
    assert "CN-KCNP-2023 2" in text and "按母体结构" in text  # ammonium PFOA, by its parent acid
    assert "CN-KCNP-2023 10" in text  # dichloromethane
    assert "校验位应为 1" in text  # the bad CAS number is explained
    assert "未列入名录" in text  # ethanol
    screenshot(page, "classify-results")
    page.click("#results a:has-text('二氯甲烷')")
    assert page.locator("#memberships").is_visible() and page.locator(".np-structure svg").count() == 1
    screenshot(page, "substance-detail")
    page.click("text=一品一策表")
    assert page.locator(".policy-section").count() >= 1
    screenshot(page, "policy-sheet")


def test_a_list_and_an_entry_name_their_sources(personas: Personas, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "exa")
    page.click("aside >> text=管控名录")
    page.click("text=重点管控新污染物清单（2023年版）")
    assert "第28号" in page.locator("main").inner_text()
    page.click("#entries >> text=短链氯化石蜡")
    assert page.locator("#measures li").count() >= 1
    assert page.locator("#measures .np-source").count() == page.locator("#measures li").count()
    screenshot(page, "entry-sccp")
