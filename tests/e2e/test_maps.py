"""Maps that mean something offline: the monitoring map and the risk map draw the shipped city and district
boundaries under the sites (no base map configured, as on an intranet), the risk map lets the user choose a
substance (the worst category over all substances stays the default) and shows its legend. At 1440 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from npgov.risk.execution import run_execute
from npgov.risk.services import pnecs_load
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.monitoring.conftest import import_file, labs, sites, write  # noqa: F401  (fixtures)
from tests.risk.factories import AssessmentRunFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": 1440, "phone": 390}
RESULTS = """站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室
DL-DW-01,2025-06-18,1763-23-1,1.5,ng/L,0.1,0.3,市监测中心
DL-DW-01,2025-06-18,335-67-1,2.0,ng/L,0.1,0.3,市监测中心
DL-DW-01,2025-09-18,1763-23-1,2.0,ng/L,0.1,0.3,市监测中心
DL-SE-03,2025-09-18,1763-23-1,0.05,ng/L,0.01,0.03,市监测中心
DL-SE-03,2025-09-18,335-67-1,ND,ng/L,0.1,0.3,市监测中心
"""


def _boundaries_drawn(page: Any, selector: str) -> None:
    # set once every boundary file is drawn (waited for with a selector: wait_for_function evals, which CSP forbids)
    drawn = page.wait_for_selector(f"{selector}[data-boundaries]", state="attached")
    assert int(drawn.get_attribute("data-boundaries") or 0) >= 2
    # city outlines and district polygons sit in their own pane under the sites
    assert page.locator(f"{selector} .leaflet-np-boundaries-pane path").count() >= 10 + 6 + 2
    labels = page.locator(f"{selector} .np-district-label").all_inner_texts()
    assert "庄河市" in labels and "甘井子区" in labels
    assert page.locator(f"{selector} .leaflet-tile-pane img").count() == 0  # no tile URL configured: no tiles
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_monitoring_and_risk_maps_draw_boundaries_and_the_risk_map_picks_a_substance(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    live_server: Any,
    browser: Any,
    tmp_path: Path,
    settings: Any,
    device: str,
) -> None:
    settings.MAP_TILE_URL = ""
    pnecs_load()
    import_file(write(tmp_path, "maps.csv", RESULTS))
    run = AssessmentRunFactory(title="地图测试评估", created_by=personas.bureau)
    run_execute(run)
    run.refresh_from_db()
    assert {r["cas"] for r in run.results["sites"]} >= {"1763-23-1", "335-67-1"}

    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTHS[device], "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, personas.bureau.username)

    # the monitoring map: sites over the district boundaries, the legend names the boundary lines
    page.goto(live_server.url + reverse("monitoring:map"))
    page.wait_for_selector("#monitoring-map[data-loaded='3']")
    _boundaries_drawn(page, "#monitoring-map")
    legend = page.locator("#map-legend").inner_text()
    assert "监测点位" in legend or "monitoring site" in legend
    assert page.locator("#map-legend .np-line-city").is_visible()
    assert page.locator("#map-no-tiles").is_visible()
    screenshot(page, f"maps-{device}-monitoring")

    # the risk map: worst category first, then one substance at a time
    page.goto(live_server.url + reverse("risk:run_map", args=[run.pk]))
    page.wait_for_selector("#risk-map[data-ready='1']")
    _boundaries_drawn(page, "#risk-map")
    select = page.locator("#risk-substance")
    assert select.input_value() == ""  # the worst category over all substances is the default view
    options = select.locator("option").all_inner_texts()
    assert len(options) >= 3 and any("1763-23-1" in o for o in options) and any("335-67-1" in o for o in options)
    assert page.locator("#risk-legend").is_visible()
    worst = page.locator("#risk-map-list").inner_text()
    assert "DL-DW-01" in worst and "DL-SE-03" in worst
    screenshot(page, f"maps-{device}-risk-worst")

    select.select_option("335-67-1")
    page.wait_for_selector("#risk-map[data-substance='335-67-1']")
    assert page.locator("#risk-legend").is_visible()
    assert page.locator("#risk-legend-basis").inner_text() != ""
    assert page.locator("#risk-legend .np-line-district").is_visible()
    one = page.locator("#risk-map-list").inner_text()
    assert one != worst  # the list follows the chosen substance
    categories = page.locator("#risk-map-list li").evaluate_all("items => items.map(i => i.dataset.category)")
    assert len(categories) == 2 and all(c in {"high", "medium", "low", "cannot conclude", ""} for c in categories)
    screenshot(page, f"maps-{device}-risk-substance")

    select.select_option("")
    assert page.locator("#risk-map-list").inner_text() == worst
    assert errors == []
    context.close()
