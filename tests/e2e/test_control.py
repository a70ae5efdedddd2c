"""Control and enforcement in the browser: run the compliance check, see the finding for a banned use after its
exemption ended (and none within an exemption window), read why an enterprise is a key discharge unit, draw
inspections with a published seed and reproduce the draw, record an inspection that closes the finding."""

from __future__ import annotations

from typing import Any

import pytest

from npgov.compliance.models import Finding
from npgov.core.models import Department, District
from npgov.enforcement.models import InspectionDraw
from npgov.enforcement.products.services import product_limits_load
from npgov.enterprises.models import Industry
from npgov.enterprises.services import demo_uscc
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.enforcement.factories import InspectorFactory
from tests.enforcement.test_products import add, sample
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_compliance_obligations_draw_inspect_close(personas: Personas, live_server: Any, browser: Any) -> None:
    ganjingzi = District.objects.get(code="210211")
    foam = EnterpriseFactory(uscc=demo_uscc(901, "210211"), name="甘井子消防药剂公司", district=ganjingzi,
                             industry=Industry.objects.get(code="2669"))  # fmt: skip
    chips = EnterpriseFactory(uscc=demo_uscc(903, "210211"), name="甘井子半导体材料公司", district=ganjingzi,
                              industry=Industry.objects.get(code="3985"))  # fmt: skip
    accepted_report(foam, personas.sysadmin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂")
    accepted_report(chips, personas.sysadmin, 2024, "335-67-1", "processing_use", "半导体制造中的光刻或蚀刻工艺")
    eeb = Department.objects.get(code="dl-eeb")
    zhuanghe = District.objects.get(code="210283")
    for n in range(4):
        InspectorFactory(name=f"执法员{n}", badge=f"E2E{n}", department=eeb, district=zhuanghe)

    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/compliance/findings/")
    page.click("#compliance-run")
    page.wait_for_selector("[data-status='succeeded']")
    expired = Finding.objects.get(enterprise=foam, rule="exemption_expired")
    assert not Finding.objects.filter(enterprise=chips, rule__in=["ban", "exemption_expired", "ban_began"]).exists()
    page.goto(live_server.url + expired.get_absolute_url())
    assert "2023-12-31" in page.content()
    screenshot(page, "control-finding")

    page.goto(live_server.url + "/compliance/obligations/?list=key_discharge")
    table = page.locator("#obligation-table").inner_text()
    assert "甘井子消防药剂公司" in table and "全氟辛基磺酸" in table
    screenshot(page, "control-obligations")

    page.goto(live_server.url + "/enforcement/draws/add/")
    page.fill("#id_count", "1")
    page.fill("#id_due_date", "2026-12-31")
    page.fill("#id_seed", "e2e-公开种子")
    page.check("input[name=obligations][value=key_discharge]")
    page.check("#id_with_open_findings")
    page.click("#draw-submit")
    page.wait_for_selector("#draw-seed")
    draw = InspectionDraw.objects.get(seed="e2e-公开种子")
    assert draw.tasks.get().enterprise == foam
    page.click("#draw-reproduce")
    assert page.locator("#draw-reproduced").get_attribute("class").endswith("text-bg-success")
    page.click("#draw-publish")
    screenshot(page, "control-draw")

    gan = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    sign_in(gan, live_server.url, "gan")
    gan.goto(live_server.url + draw.tasks.get().get_absolute_url())
    gan.fill("#id_observations", "现场核查：已停止使用全氟辛基磺酸，库存已委托有资质单位处置。")
    gan.check(f"#verified-{expired.pk}")
    gan.click("#record-submit")
    gan.wait_for_selector("#inspection-record")
    expired.refresh_from_db()
    assert expired.status == "closed"
    screenshot(gan, "control-inspection")
    anonymous = browser.new_page(locale="zh-CN")
    anonymous.goto(live_server.url + f"/enforcement/public/draws/{draw.pk}/")
    assert "e2e-公开种子" in anonymous.content() and "甘井子消防药剂公司" in anonymous.content()


def test_a_product_over_its_limit_fails_with_the_limit_and_its_standard(
    personas: Personas, live_server: Any, browser: Any
) -> None:
    product_limits_load()
    toy = sample(product_name="塑料玩具娃娃")
    add(toy, "117-81-7", "0.08")  # DEHP
    add(toy, "84-74-2", "0.05")  # DBP: together over the 0.1 % sum limit
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + toy.get_absolute_url())
    body = page.content()
    assert "GB 6675.1-2014" in body and "不合格" in body
    screenshot(page, "control-product-sample")
