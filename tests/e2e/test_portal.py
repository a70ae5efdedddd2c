"""The public portal as a new visitor tries it on a phone (issue 15, "Done when"), and at desk width.

At 390 px, anonymous: open "/", find Ganjingzi's monitoring summary through the district filter of the map page,
follow a substance to its card and the card to a science article, file a complaint with a photo, get the tracking
code and look it up. Then the department the complaint was routed to signs in, finds it in the workspace, answers
it and signs out; the visitor looks the code up again and reads the answer. At 1440 px: the home page and the
open-data page. Screenshots go to /tmp/h15/screens/ and test-artifacts/screenshots/ (portal-*.png).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from npgov.core.models import Department, District
from npgov.portal.complaints.models import Complaint
from npgov.substances.selectors import substance_by_cas
from tests.conftest import Personas
from tests.core.factories import UserFactory
from tests.e2e.conftest import screenshot as artifact_screenshot
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
from tests.portal.factories_articles import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path("/tmp/h15/screens")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
REPLY = "经现场核查，农药包装废弃物已清理完毕，已责令村委会设置回收点。"
ARTICLE_TITLE = "全氟辛基磺酸：它是什么，我们在做什么"


def screenshot(page: Any, name: str) -> None:
    path = artifact_screenshot(page, f"portal-{name}")
    if SCREENS.parent.is_dir():
        SCREENS.mkdir(exist_ok=True)
        shutil.copy(path, SCREENS / path.name)


def _jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "现场照片.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 90)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _world() -> dict[str, Any]:
    """Monitoring results in Ganjingzi (a detect and a non-detect of PFOS) and a published article on PFOS."""
    pfos = substance_by_cas(cas="1763-23-1")
    assert pfos is not None
    ganjingzi = District.objects.get(code="210211")
    site = SiteFactory(code="DL-RV-09", name="马栏河入海口", kind="river", district=ganjingzi,
                       latitude=38.93, longitude=121.58)  # fmt: skip
    for value, qualifier, reported in ((2.4, "detected", "2.4"), (0.1, "lt_lod", "ND")):  # a non-detect at its LOD
        sample = SampleFactory(site=site)
        ResultFactory(sample=sample, substance=pfos, value=value, qualifier=qualifier, value_reported=reported)
    article = ArticleFactory(title=ARTICLE_TITLE, published=True, substances=[pfos],
                             summary="全氟辛基磺酸为何受到管控。",
                             body="## 它是什么\n\n全氟辛基磺酸（PFOS）是一类难降解的人工合成化学物质。")  # fmt: skip
    return {"pfos": pfos, "article": article}


def _fits(page: Any, where: str) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{where} scrolls sideways at {page.viewport_size['width']} px"


def _open_menu(page: Any) -> None:
    toggle = page.locator("#portal-nav-toggle")
    if toggle.is_visible():
        toggle.click()
        page.wait_for_selector("#portal-nav.show")


def _sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Test-password-1")
    page.click("form:has(#id_username) button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_a_visitor_on_a_phone_reads_files_a_complaint_and_sees_the_answer(
    personas: Personas, live_server: Any, browser: Any, tmp_path: Path, settings: Any
) -> None:
    settings.PORTAL_COMPLAINT_MIN_SECONDS = 0  # a browser fills the form faster than a person
    settings.MAP_TILE_URL = ""
    world = _world()
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. the home page is the portal, in Chinese
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#portal-login").is_visible()
    _fits(page, "the home page")
    screenshot(page, "phone-1-home")

    # 2. the map page through the menu, then the district's summary through its filter
    _open_menu(page)
    page.click(f"#portal-nav a[href='{reverse('portal:monitoring')}']")
    page.wait_for_url("**/portal/monitoring/**")
    page.select_option("#f-district", "210211")  # submits on change
    page.wait_for_url("**district=210211**")
    assert page.locator("h1").inner_text() == "监测数据 · 甘井子区"
    page.wait_for_selector("#portal-map .leaflet-container, #portal-map.leaflet-container")
    summary = page.locator("table.np-by-district tr.table-primary")
    assert "甘井子区" in summary.inner_text()
    _fits(page, "the monitoring page")
    screenshot(page, "phone-2-monitoring-ganjingzi")

    # 3. the substance measured there, its card, and the article the card links to
    page.locator("table.np-by-substance a", has_text="全氟辛基磺酸").first.click()
    page.wait_for_url(f"**{reverse('portal:monitoring_substance', args=[world['pfos'].pk])}**")
    screenshot(page, "phone-3-monitoring-substance")
    page.click("#substance-card-link")
    page.wait_for_url(f"**{reverse('portal:substance_card', args=[world['pfos'].pk])}")
    assert "全氟辛基磺酸" in page.locator("h1").inner_text()
    _fits(page, "the substance card")
    screenshot(page, "phone-4-substance-card")
    page.locator("#card-articles a", has_text=ARTICLE_TITLE).click()
    page.wait_for_url(f"**{reverse('portal:article_detail', args=[world['article'].pk])}")
    assert ARTICLE_TITLE in page.locator("h1").inner_text()
    assert "难降解" in page.locator("main").inner_text()
    _fits(page, "the article")
    screenshot(page, "phone-5-article")

    # 4. a complaint with a photo
    _open_menu(page)
    page.click("#portal-nav-report")
    page.wait_for_url("**/portal/complaints/new/**")
    page.select_option("#id_topic", "pesticide")
    page.fill("#id_description", "营城子村北侧沟渠里丢弃了大量农药包装瓶，有刺鼻气味。")
    page.fill("#id_address", "甘井子区营城子街道营城子村北侧沟渠")
    page.select_option("#id_district", "210211")
    page.set_input_files("#id_photos", str(_jpeg(tmp_path)))
    page.fill("#id_contact_name", "李女士")
    page.fill("#id_contact_phone", "13900001111")
    _fits(page, "the complaint form")
    screenshot(page, "phone-6-complaint-form")
    page.click("#complaint-submit")
    page.wait_for_url("**/portal/complaints/done/**")
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("JB"), code
    assert "您的查询码" in page.locator("main").inner_text()
    screenshot(page, "phone-7-complaint-done")
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.photos.count() == 1
    assert complaint.department is not None and complaint.district is not None
    assert complaint.district.code == "210211"

    # 5. the status by code, before an answer: no personal data
    page.click("#status-link")
    page.wait_for_selector("#complaint-status")
    status_text = page.locator("main").inner_text()
    assert code in status_text and complaint.department.name_zh in status_text
    assert page.locator("#status-label").inner_text() == "已分办，待办理"
    assert "李女士" not in status_text and "13900001111" not in status_text
    screenshot(page, "phone-8-status-received")
    context.close()

    # 6. the department it was routed to answers in its workspace (on a phone too)
    if complaint.department == personas.department.department:
        handler = personas.department
    else:
        handler = UserFactory(username="handler", role="department",
                              department=Department.objects.get(pk=complaint.department_id))  # fmt: skip
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, base, handler.username)
    item = page.locator("main a", has_text=code).first
    assert item.is_visible(), "the complaint is not in the handler's workspace"
    screenshot(page, "phone-9-workspace")
    page.goto(base + reverse("portal:complaint_list"))  # and in the list of complaints routed to the department
    row = page.locator("main a", has_text=code).first
    assert row.is_visible(), "the complaint is not in the handler's complaint list"
    screenshot(page, "phone-10-complaint-list")
    row.click()
    page.wait_for_url(f"**{reverse('portal:complaint_detail', args=[complaint.pk])}")
    assert "李女士" in page.locator("#complaint-contact").inner_text()  # the handler sees the contact
    assert page.locator("#complaint-photos img").count() == 1
    page.fill("#id_reply", REPLY)
    page.click("#action-reply")
    page.wait_for_load_state()
    assert REPLY in page.locator("main").inner_text()
    _fits(page, "the complaint page")
    screenshot(page, "phone-11-complaint-answered")
    page.click("#user-menu")
    page.click("#logout")
    page.wait_for_load_state()
    context.close()
    complaint.refresh_from_db()
    assert complaint.status == "replied" and complaint.public_reply == REPLY

    # 7. the visitor looks the code up again and reads the answer
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base + reverse("portal:complaint_status"))
    page.fill("#id_code", code.lower())  # as a person might type it
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("#complaint-reply")
    assert REPLY in page.locator("#complaint-reply").inner_text()
    assert page.locator("#status-label").inner_text() == "已答复"
    assert "李女士" not in page.locator("main").inner_text()
    assert handler.username not in page.locator("main").inner_text()
    _fits(page, "the status page")
    screenshot(page, "phone-12-status-answered")
    context.close()
    assert errors == []


def test_the_home_and_open_data_pages_at_desk_width(personas: Personas, live_server: Any, browser: Any) -> None:
    _world()
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/")
    assert not page.locator("#portal-nav-toggle").is_visible()
    opendata = page.locator(f"#portal-nav a[href='{reverse('portal:opendata')}']")
    assert opendata.is_visible()
    assert ARTICLE_TITLE in page.locator("main").inner_text()
    _fits(page, "the home page")
    screenshot(page, "desktop-1-home")
    opendata.click()
    page.wait_for_url("**/portal/data/")
    links = page.locator("main a[href$='.csv']")
    assert links.count() >= 5
    href = links.first.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok and "text/csv" in response.headers["content-type"]
    _fits(page, "the open-data page")
    screenshot(page, "desktop-2-opendata")
    # and English on request
    page.click("#portal-language-en")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "desktop-3-opendata-english")
    context.close()
    assert errors == []
