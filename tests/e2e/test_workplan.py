"""The work plan as the bureau and two departments live it: dispatch, answers (one late), 督办, 通报, KPI values."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from npgov.core.models import Department
from npgov.workplan.models import ProgressRequest
from tests.conftest import Personas
from tests.core.factories import UserFactory
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_dispatch_answer_supervise_circulate(personas: Personas, live_server: Any, browser: Any) -> None:
    UserFactory(username="eeb", role="department", department=Department.objects.get(code="dl-eeb"))
    today = timezone.localdate()
    bureau = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    # the bureau dispatches a request on task (八), answers due today
    sign_in(bureau, live_server.url, "alice")
    bureau.goto(f"{live_server.url}/workplan/requests/add/")
    bureau.select_option("#id_plan", label="大连市新污染物治理工作方案")
    bureau.fill("#id_title", "第四季度调度")
    bureau.fill("#id_period_start", (today - timedelta(days=60)).isoformat())
    bureau.fill("#id_period_end", today.isoformat())
    bureau.fill("#id_due_date", today.isoformat())
    bureau.select_option("#id_tasks", label="（八） 加强农药使用管理")
    bureau.click("button:has-text('保存')")
    assert "调度已发出：需报送 2 份" in bureau.locator(".alert-success").inner_text()
    request = ProgressRequest.objects.get()
    # ecology answers on time
    eeb = browser.new_context(locale="zh-CN").new_page()
    sign_in(eeb, live_server.url, "eeb")
    eeb.goto(f"{live_server.url}{request.get_absolute_url()}")
    eeb.click("text=填报")
    eeb.select_option("#id_status", "in_progress")
    eeb.fill("#id_percent_done", "60")
    eeb.fill("#id_text", "已组织开展禁限用农药监督检查")
    eeb.click("button:has-text('提交')")
    # a day passes (the request and ecology's answer move one day back); agriculture answers late
    ProgressRequest.objects.filter(pk=request.pk).update(due_date=today - timedelta(days=1))
    request.reports.filter(department__code="dl-eeb").update(submitted_at=timezone.now() - timedelta(days=1))
    agri = browser.new_context(locale="zh-CN").new_page()
    sign_in(agri, live_server.url, "dora")
    answers = agri.locator("#widget-workplan-answers")  # the workspace (工作台) widget of answers to give
    assert answers.locator("[data-total]").get_attribute("data-total") == "1"
    answers.locator("a").first.click()
    agri.fill("#id_percent_done", "30")
    agri.select_option("#id_status", "in_progress")
    agri.fill("#id_text", "回收网点建设推进中")
    agri.click("button:has-text('提交')")
    # the bureau sees one late answer, supervises and issues a circular
    bureau.goto(f"{live_server.url}{request.get_absolute_url()}")
    assert bureau.locator("#reports .badge:has-text('迟报')").count() == 1
    screenshot(bureau, "workplan-request")
    bureau.locator("#reports tr.table-warning >> text=督办").click()
    bureau.fill("#id_deadline", (today + timedelta(days=30)).isoformat())
    bureau.fill("#id_text", "请于一个月内补齐回收网点建设进度")
    bureau.click("button:has-text('保存')")
    assert "督办单已发出" in bureau.locator(".alert-success").inner_text()
    bureau.goto(f"{live_server.url}{request.get_absolute_url()}")
    bureau.click("#issue-circular")
    rows = bureau.locator("#circular-rows").inner_text()
    assert "大连市农业农村局" in rows and "大连市生态环境局" in rows
    screenshot(bureau, "workplan-circular")


def test_agriculture_enters_recovery_rates_and_sees_the_kpi_move(
    personas: Personas, live_server: Any, page: Any
) -> None:
    sign_in(page, live_server.url, "dora")
    page.click("aside >> text=考核指标")
    page.click("text=农药包装废弃物回收率")
    page.select_option("#id_district", label="甘井子区")
    page.fill("#id_period_end", "2025-06-30")
    page.fill("#id_value", "71")
    page.click("#kpi-save")
    assert "未达标" in page.locator("#kpi-status").inner_text()
    page.select_option("#id_district", label="甘井子区")
    page.fill("#id_period_end", "2025-12-31")
    page.fill("#id_value", "84")
    page.click("#kpi-save")
    assert (
        "达标" in page.locator("#kpi-status").inner_text() and "未达标" not in page.locator("#kpi-status").inner_text()
    )
    assert page.locator("#kpi-chart canvas").count() == 1
    screenshot(page, "workplan-kpi")
