"""Phones and tablets: every role's workspace and two list pages at 1440 px (desktop) and 390 px (phone).

At 390 px the side navigation is an off-canvas menu behind a toggler in the top bar, the page body never scrolls
sideways (wide tables scroll inside their own container, their first column kept in view); at 1440 px the
navigation is a column and the toggler is hidden. Screenshots go to test-artifacts/screenshots/responsive-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["sysadmin", "bureau", "department", "district", "enterprise", "expert"]
WIDTHS = {"desktop": 1440, "phone": 390}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# elements that stick out of the viewport on the right (ignoring those inside their own scrolling container)
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > window.innerWidth + 1
    && !e.closest('.table-responsive, .offcanvas-lg, .leaflet-container, .dropdown-menu, .np-map-list');
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + String(e.className).slice(0, 40))"""


def _context(browser: Any, width: int) -> Any:
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    return context


def _assert_layout(page: Any, width: int, where: str) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (where, page.evaluate("document.documentElement.scrollWidth"),
                                               page.evaluate(OVERFLOWING))  # fmt: skip
    toggler = page.locator("#nav-toggle")
    sidebar_link = page.locator("#np-sidebar a.nav-link").first
    if width < 992:
        assert toggler.is_visible(), where
        assert not sidebar_link.is_visible(), f"{where}: the side navigation pushes the content down"
    else:
        assert not toggler.is_visible(), where
        assert sidebar_link.is_visible(), where


def _open_menu(page: Any, where: str) -> None:
    page.click("#nav-toggle")
    page.wait_for_selector("#np-sidebar.show")
    page.wait_for_selector("#np-sidebar.show:not(.showing)")
    assert page.locator("#np-sidebar a.nav-link").first.is_visible(), where
    assert page.evaluate(NO_SIDEWAYS_SCROLL), where


@pytest.mark.parametrize("device", list(WIDTHS))
def test_every_role_workspace_fits_the_screen_and_the_menu_opens(
    personas: Personas, live_server: Any, browser: Any, device: str
) -> None:
    width = WIDTHS[device]
    for role in ROLES:
        user = personas.get(role)
        context = _context(browser, width)
        page = context.new_page()
        sign_in(page, live_server.url, user.username)
        page.wait_for_load_state("networkidle")
        _assert_layout(page, width, f"{role} workspace at {width}px")
        screenshot(page, f"responsive-{device}-workspace-{role}")
        if width < 992:
            _open_menu(page, f"{role} menu")
            screenshot(page, f"responsive-{device}-menu-{role}")
        context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_list_pages_scroll_their_tables_inside_the_card(
    personas: Personas, live_server: Any, browser: Any, device: str
) -> None:
    width = WIDTHS[device]
    for n in range(12):
        EnterpriseFactory(name=f"大连某某精细化工股份有限公司第{n}分公司")
    context = _context(browser, width)
    page = context.new_page()
    sign_in(page, live_server.url, personas.bureau.username)
    for name, url in (("substances", reverse("substances:substance_list")),
                      ("enterprises", reverse("enterprises:enterprise_list"))):  # fmt: skip
        page.goto(live_server.url + url)
        table = page.locator(".table-responsive > table").first
        assert table.is_visible(), name
        _assert_layout(page, width, f"{name} list at {width}px")
        container = page.locator(".table-responsive").first
        if width < 992:
            # the table is wider than the phone: it scrolls inside its container, the first column stays
            assert container.evaluate("c => c.scrollWidth > c.clientWidth"), f"{name}: the table was squeezed"
            first_cell = page.locator(".table-responsive > table > tbody > tr:first-child > :first-child").first
            before = first_cell.bounding_box()
            container.evaluate("c => { c.scrollLeft = c.scrollWidth; }")
            page.wait_for_timeout(100)
            after = first_cell.bounding_box()
            assert abs(after["x"] - before["x"]) < 1, f"{name}: the first column scrolled away"
            assert page.evaluate(NO_SIDEWAYS_SCROLL), name
            container.evaluate("c => { c.scrollLeft = 0; }")
            pages = page.locator(".pagination .page-item")
            if pages.count():  # the pager wraps inside the card instead of hiding its first pages
                first, last = pages.first.bounding_box(), pages.last.bounding_box()
                assert first["x"] >= 0 and last["x"] + last["width"] <= width, f"{name}: the pager is cut"
            # filters are folded behind a button on phones and stack when opened
            page.click("#list-filters-toggle")
            page.wait_for_selector("#list-filters.show")
            fields = page.locator("#list-filters > div:not(.col-auto)")
            if fields.count() >= 2:
                one, two = fields.nth(0).bounding_box(), fields.nth(1).bounding_box()
                assert two["y"] > one["y"] + one["height"] - 1 and abs(one["x"] - two["x"]) < 1, "filters stack"
            assert page.evaluate(NO_SIDEWAYS_SCROLL), name
        else:
            assert page.locator("#list-filters").is_visible()
        screenshot(page, f"responsive-{device}-list-{name}")
        if width < 992:
            _open_menu(page, f"{name} menu")

    # an edit form: on a phone every field takes the whole width, one under the other
    page.goto(live_server.url + reverse("enterprises:enterprise_add"))
    fields = page.locator("main form .form-control:visible, main form .form-select:visible")
    assert fields.count() >= 4
    one, two = fields.nth(0).bounding_box(), fields.nth(1).bounding_box()
    if width < 576:
        assert abs(one["x"] - two["x"]) < 1 and two["y"] > one["y"] and one["width"] > 0.8 * (width - 40), "stacked"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, f"responsive-{device}-form-enterprise")
    context.close()
