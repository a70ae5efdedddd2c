"""Risk's "done when" flow in the browser: start a run, watch it finish, read the ranking and the map, open a
substance's profile and see which data and PNEC produced its RQ; draft a priority list, have it reviewed by an
expert, publish it, and find the new list among the matches when classifying a listed substance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from npgov.risk.hazard_data import hazard_data_load
from npgov.risk.models import Pnec
from npgov.risk.services import pnecs_load
from tests.capacity.factories import ExpertFactory
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.monitoring.conftest import import_file, labs, long_file, sites  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_ranking_map_profile_then_priority_list_reviewed_published_and_classified(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    live_server: Any,
    browser: Any,
    tmp_path: Path,
) -> None:
    pnecs_load()
    hazard_data_load()
    import_file(long_file(tmp_path))  # PFOS 1.5 and 2 ng/L at DL-DW-01
    ExpertFactory(name="周教授", affiliation="大连理工大学", fields="风险评估", user=personas.expert)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, "alice")

    # start a run and watch its job finish
    page.goto(base + "/risk/runs/add/")
    page.fill("#id_title", "2025年地表水生态风险评估")
    page.select_option("#id_mec_statistic", "p95")
    page.click("#run-submit")
    page.wait_for_url("**/core/jobs/*/")
    assert page.locator(".np-job-progress .progress-bar").inner_text() == "100%"
    screenshot(page, "risk-run-job")
    page.click("#job-result-link")

    # the ranking, then the substance profile: the PNEC and the data behind the RQ
    ranking = page.locator("#run-ranking").inner_text()
    assert "全氟辛基磺酸" in ranking and "1763-23-1" in ranking
    screenshot(page, "risk-run-ranking")
    page.click("#run-ranking >> text=全氟辛基磺酸")
    page.wait_for_selector("#profile-chart[data-loaded='1']")
    lowest = Pnec.objects.filter(substance__cas="1763-23-1", compartment="freshwater").order_by("value_ng_l").first()
    inputs = page.locator("#profile-inputs").inner_text()
    assert f"PNEC #{lowest.pk}" in inputs and lowest.basis in inputs and "2 " in inputs
    assert "DL-DW-01" in page.locator("#profile-sites").inner_text()
    screenshot(page, "risk-substance-profile")

    # the risk map
    page.go_back()
    page.click("#run-map-link")
    page.wait_for_selector("#risk-map[data-ready='1']")
    assert page.locator("#risk-map path.leaflet-interactive").count() >= 1
    assert "DL-DW-01" in page.locator("#risk-map-list").inner_text()
    screenshot(page, "risk-map")

    # draft a priority list and ask the expert
    page.go_back()
    page.click("#run-draft-priority")
    page.fill("#id_title", "大连市新污染物优先控制清单（2026年）")
    page.select_option("#id_district", label="大连市")
    page.fill("#id_year", "2026")
    page.click("#priority-submit")
    page.wait_for_selector("#priority-items")
    assert "全氟辛基磺酸" in page.locator("#priority-items").inner_text()
    page.check("#priority-experts-form input[type=checkbox]")
    page.click("#priority-assign")
    assert page.locator("#priority-publish").is_disabled()  # the review is not in yet
    draft_url = page.url

    expert_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    expert = expert_context.new_page()
    sign_in(expert, base, "exa")
    expert.goto(draft_url)
    expert.select_option("#id_verdict", "changes")
    expert.fill("#id_comment", "建议下一轮补充抗生素监测数据后复核。")
    expert.click("#priority-review-submit")
    assert "修改后同意" in expert.locator("#priority-reviews").inner_text()
    screenshot(expert, "risk-priority-review")
    expert_context.close()

    # publish, then classify PFOS and see the new list among its matches
    page.goto(draft_url)
    page.click("#priority-publish")
    assert page.locator("#priority-status").inner_text() == "已发布"
    assert "CITY-210200-PRIORITY-2026" in page.locator("#priority-published-list").inner_text()
    screenshot(page, "risk-priority-published")
    page.goto(base + "/")
    page.click("text=化学物质名录识别")
    page.fill("#id_identifiers", "1763-23-1")
    page.click("#classify-form button[type=submit]:not([name])")
    results = page.locator("#results").inner_text()
    assert "CITY-210200-PRIORITY-2026" in results and "CN-KCNP-2023" in results
    screenshot(page, "risk-classification-with-priority-list")
    context.close()
