"""Monitoring's "done when" flow in the browser: download the wide template, fill it with a lab's numbers
including "ND" and "<0.02", see the errors of a broken copy, fix it, import, and find the results on the
site page, the map and the substance's monitoring tab."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest

from npgov.monitoring.models import Result, Site
from npgov.substances.models import Substance
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.monitoring.conftest import labs, sites  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def _upload_and_import(page: Any, base: str, path: Any) -> None:
    page.goto(base + "/monitoring/results/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#mapping-table")
    assert page.locator("#mapping-format").inner_text().startswith("宽")  # 宽格式（每个检测项目一列）
    page.click("#mapping-import")


def test_wide_template_broken_then_fixed_then_seen_on_site_map_and_substance(
    personas: Personas,
    sites: dict[str, Site],  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    live_server: Any,
    browser: Any,
    tmp_path: Any,
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/monitoring/results/import/")
    screenshot(page, "monitoring-import")
    with page.expect_download() as download:
        page.click("#template-wide-xlsx")
    template = tmp_path / "wide.xlsx"
    download.value.save_as(template)

    # a lab's report in the template: a limit row, then samples with ND and <0.02
    book = openpyxl.load_workbook(template)
    sheet = book["数据"]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(["检出限", None, None, None, None, 0.01, 0.01, 0.02])
    sheet.append(["DL-DW-01", "2025-06-18 09:30", "µg/L", "市监测中心", "DW01-0618", 0.015, "ND", "<0.02"])
    sheet.append(["DL-SE-03", "2025-06-18 10:10", "µg/L", "市监测中心", "SE03-0618", 0.21, 0.034, "0.02L"])
    sheet.append(["DL-DW-01", "2025-09-18 09:00", "µg/L", "市监测中心", "DW01-0918", 0.011, "ND", "ND"])
    broken = tmp_path / "broken.xlsx"
    sheet["A4"] = "DL-XX-99"  # a site that does not exist
    sheet["F5"] = "约0.01"  # not a value
    book.save(broken)

    _upload_and_import(page, live_server.url, broken)
    errors = page.locator("#import-errors").inner_text()
    assert "DL-XX-99" in errors and "约0.01" in errors
    assert Result.objects.count() == 0
    screenshot(page, "monitoring-import-errors")

    sheet["A4"] = "DL-SE-03"
    sheet["F5"] = 0.011
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    _upload_and_import(page, live_server.url, fixed)
    page.wait_for_selector("#batch-results")
    assert page.locator("#batch-results").inner_text().startswith("9")
    assert Result.objects.count() == 9
    nd = Result.objects.get(site__code="DL-DW-01", substance__cas="335-67-1", sampled_at__month=6)
    assert (nd.qualifier, nd.value) == ("lt_lod", pytest.approx(10.0))  # ND at the 0.01 µg/L limit, in ng/L
    screenshot(page, "monitoring-batch")

    # the site page: statistics and the series chart
    page.goto(live_server.url + sites["DL-DW-01"].get_absolute_url())
    table = page.locator("#site-substances").inner_text()
    assert "全氟辛基磺酸" in table and "1763-23-1" in table
    page.wait_for_selector("#series-chart[data-loaded='1']")
    screenshot(page, "monitoring-site")

    # the map, coloured by detection frequency of PFOS
    pfos = Substance.objects.get(cas="1763-23-1")
    page.goto(live_server.url + "/monitoring/map/")
    page.select_option("#m-substance", str(pfos.pk))
    page.locator("#map-legend", has_text="%").wait_for()  # a locator, not wait_for_function: CSP forbids eval
    assert "DL-DW-01" in page.locator("#map-list").inner_text()
    screenshot(page, "monitoring-map")

    # the substance page's monitoring tab
    page.goto(live_server.url + pfos.get_absolute_url())
    page.wait_for_selector("#substance-monitoring .np-by-kind")
    tab = page.locator("#substance-monitoring").inner_text()
    assert "饮用水水源地" in tab and "100%" in tab
    screenshot(page, "monitoring-substance-tab")
    context.close()
