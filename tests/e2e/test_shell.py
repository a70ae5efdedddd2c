"""A person's first minutes: sign in as each role, read the Chinese UI, switch to English, open each kind of page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("sysadmin", "bureau", "department", "district", "enterprise", "expert")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_to_a_chinese_dashboard(role: str, personas: Personas, live_server: Any, page: Any) -> None:
    user = personas.get(role)
    sign_in(page, live_server.url, user.username)
    assert page.locator("h1").inner_text() == "工作台"
    assert page.locator("#card-organisation").is_visible() == (role in ("sysadmin", "bureau"))
    menu = page.locator("aside").inner_text()
    assert "行政区划" in menu
    assert ("用户管理" in menu) == (role in ("sysadmin", "bureau"))
    assert ("登录审计" in menu) == (role == "sysadmin")
    screenshot(page, f"dashboard-{role}")


def test_the_login_page_is_chinese_and_rejects_a_wrong_password(
    personas: Personas, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/core/departments/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "登录"
    screenshot(page, "login")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit].btn-success")
    assert page.locator(".alert-danger").is_visible()


def test_a_user_switches_to_english_and_back(personas: Personas, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "alice")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Workspace"
    assert "Departments" in page.locator("aside").inner_text()
    screenshot(page, "dashboard-english")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "工作台"


def test_list_detail_and_edit_pages(personas: Personas, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "alice")
    # list: search and filter
    page.click("text=成员部门")
    page.fill("#id_q", "海关")
    page.click("#list-filters button[type=submit]")
    assert page.locator("table tbody tr").count() == 2
    screenshot(page, "list-departments")
    # detail with history
    page.click("text=中华人民共和国大连海关")
    assert page.locator("#history-panel").is_visible()
    # edit, with a reason that lands in the history
    page.click("text=编辑")
    assert page.locator("#id_city").input_value() == "210200"  # the current city is preselected
    page.fill("#id_duties", "口岸查验；进出口管控；专项检查")
    page.fill("#id__change_reason", "补充职责")
    page.click("button:has-text('保存')")
    assert "补充职责" in page.locator("#history-panel").inner_text()
    screenshot(page, "detail-department")


def test_an_import_with_errors_then_a_good_one(personas: Personas, live_server: Any, page: Any, tmp_path: Any) -> None:
    bad = tmp_path / "departments.csv"
    bad.write_text("代码,所属城市,中文名称\ndl-e2e,999999,大连市测试局\n", encoding="utf-8")
    good = tmp_path / "departments-fixed.csv"
    good.write_text("代码,所属城市,中文名称\ndl-e2e,210200,大连市测试局\n", encoding="utf-8")
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/core/departments/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('校验并预览')")
    errors = page.locator("#import-errors")
    assert "未导入任何数据" in errors.inner_text() and "所属城市" in errors.inner_text()
    screenshot(page, "import-errors")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('校验并预览')")
    # the page shows what will be saved; nothing is written before the confirmation
    assert "大连市测试局" in page.locator("#import-preview").inner_text()
    screenshot(page, "import-preview")
    page.click("#import-preview button[name=confirm]")
    assert "已导入 1 行" in page.locator(".alert-success").inner_text()


def test_a_background_job_shows_its_progress(personas: Personas, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/core/jobs/")
    page.click("#system-check")
    page.wait_for_url("**/core/jobs/*/")
    assert page.locator(".np-job-progress .progress-bar").inner_text() == "100%"
    assert "已完成" in page.locator(".np-job-progress").inner_text()
    screenshot(page, "job-detail")


def test_the_api_documentation_is_served_locally(live_server: Any, page: Any, personas: Personas) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert all(url.startswith(live_server.url) for url in requests), [u for u in requests if live_server.url not in u]
    screenshot(page, "api-docs")
