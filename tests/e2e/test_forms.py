"""Forms that help, in the browser: the expert's dissent survives a form that comes back with an error."""

from __future__ import annotations

from typing import Any

import pytest

from npgov.risk.models import PriorityDraft
from tests.capacity.factories import ExpertFactory
from tests.conftest import Personas
from tests.e2e.conftest import screenshot, sign_in
from tests.risk.factories import PriorityDraftFactory, PriorityItemFactory, PriorityReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_expert_dissent_without_a_comment_keeps_the_dissent_then_stores_it(
    personas: Personas, live_server: Any, page: Any
) -> None:
    draft = PriorityDraftFactory(status=PriorityDraft.Status.REVIEW, created_by=personas.bureau)
    PriorityItemFactory(draft=draft)
    PriorityReviewFactory(draft=draft, expert=ExpertFactory(name="周教授", user=personas.expert))
    base = live_server.url
    sign_in(page, base, "exa")
    page.goto(base + draft.get_absolute_url())

    verdict = page.locator("#priority-review-form #id_verdict")
    assert verdict.input_value() == ""  # nothing is chosen for the expert
    verdict.select_option("disagree")
    page.click("#priority-review-submit")

    page.wait_for_selector("#priority-review-form .invalid-feedback")
    assert "除“同意”外均须填写意见" in page.locator("#priority-review-form").inner_text()
    assert verdict.input_value() == "disagree"
    assert page.locator("#priority-review-form #id_verdict option:checked").inner_text() == "不同意"
    screenshot(page, "forms-expert-dissent-error")

    page.fill("#priority-review-form #id_comment", "PFOS的监测数据不足，建议暂缓列入。")
    page.click("#priority-review-submit")
    page.wait_for_selector(".alert-success")
    assert "不同意" in page.locator("#priority-reviews").inner_text()
    review = draft.reviews.get()
    assert review.verdict == "disagree" and review.comment.startswith("PFOS")
    screenshot(page, "forms-expert-dissent-stored")


def test_a_long_registry_filter_is_a_type_ahead_and_choices_start_at_all(
    personas: Personas, live_server: Any, page: Any
) -> None:
    from npgov.substances.models import Substance

    pfos = Substance.objects.get(cas="1763-23-1")
    base = live_server.url
    sign_in(page, base, "alice")
    page.goto(base + "/monitoring/results/")

    # short choices keep a plain select that starts at 全部; the registry is never rendered whole
    assert page.locator("#id_kind option:checked").inner_text() == "全部"
    assert page.locator("#id_substance option").count() <= 2
    screenshot(page, "forms-result-filters")
    page.locator("#id_substance + .ts-wrapper .ts-control").click()
    page.keyboard.type("1763-23-1")
    option = page.locator(".ts-dropdown .option", has_text="1763-23-1").first
    option.wait_for()
    screenshot(page, "forms-substance-picker")
    option.click()
    with page.expect_navigation():
        page.click(".np-filters button[type=submit]")
    screenshot(page, "forms-substance-filtered")
    assert f"substance={pfos.pk}&" in page.url, page.url
    assert "1763-23-1" in page.locator("#id_substance + .ts-wrapper .item").inner_text()  # the choice is kept


def test_a_survey_line_shows_what_its_tier_needs_and_is_edited_in_place(
    personas: Personas, live_server: Any, page: Any
) -> None:
    from npgov.substances.models import Substance
    from tests.enterprises.factories import EnterpriseFactory
    from tests.surveys.factories import SubmissionFactory, SubmissionLineFactory

    enterprise = EnterpriseFactory(name="大连测试电镀有限公司")
    enterprise.users.add(personas.enterprise)
    submission = SubmissionFactory(enterprise=enterprise)
    line = SubmissionLineFactory(submission=submission, substance=Substance.objects.get(cas="1763-23-1"),
                                 tiers=["key", "detailed", "basic"], details={})  # fmt: skip
    base = live_server.url
    sign_in(page, base, "eve")
    page.goto(base + submission.get_absolute_url())

    row = page.locator(f"#line-{line.pk}")
    assert row.locator(".tier-missing .badge").count() == 3  # process, disposal, control measures
    screenshot(page, "forms-survey-line-tier-hints")
    row.locator("a.line-edit").click()
    page.wait_for_selector("#line-edit-form")
    assert page.input_value("#id_identifier") == "1763-23-1"
    page.fill("#id_process", "镀铬")
    page.fill("#id_disposal", "危险废物委托有资质单位处置")
    page.fill("#id_control_measures", "开展替代品评估")
    page.fill("#id_exempted_use", "金属电镀（仅限闭环系统）")  # saving works out all its tiers (POPs too)
    page.click("#line-edit-form button[type=submit]")
    page.wait_for_url(f"**{submission.get_absolute_url()}#line-{line.pk}")
    screenshot(page, "forms-survey-line-edited")
    page.wait_for_selector(f"#line-{line.pk} .tier-complete")
    assert page.locator(f"#line-{line.pk} .tier-missing").count() == 0
    line.refresh_from_db()
    assert line.details["process"] == "镀铬" and submission.lines.count() == 1
