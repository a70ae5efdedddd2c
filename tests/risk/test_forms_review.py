"""The expert review form keeps what the expert chose when it comes back with an error (issue 14, item 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from npgov.risk.forms import ReviewForm
from npgov.risk.models import PriorityDraft
from tests.capacity.factories import ExpertFactory
from tests.conftest import Personas, client_for
from tests.risk.factories import PriorityDraftFactory, PriorityItemFactory, PriorityReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_in_review(personas: Personas) -> PriorityDraft:
    draft = PriorityDraftFactory(status=PriorityDraft.Status.REVIEW, created_by=personas.bureau)
    PriorityItemFactory(draft=draft)
    PriorityReviewFactory(draft=draft, expert=ExpertFactory(user=personas.expert))
    return draft


def _selected(html: str, value: str) -> bool:
    return f'<option value="{value}" selected>' in html


def test_a_dissent_without_a_comment_comes_back_with_the_dissent_still_chosen(
    personas: Personas, draft_in_review: PriorityDraft
) -> None:
    expert = client_for(personas.expert)
    url = reverse("risk:priority_review", args=[draft_in_review.pk])

    response = expert.post(url, {"verdict": "disagree", "comment": "  "})

    assert response.status_code == 200
    form = response.context["review_form"]
    assert form.is_bound and "comment" in form.errors
    html = response.content.decode()
    assert _selected(html, "disagree") and not _selected(html, "agree")
    assert 'id="priority-review-form"' in html and "is-invalid" in html
    assert draft_in_review.reviews.get().verdict == "pending"  # nothing stored yet

    response = expert.post(url, {"verdict": "disagree", "comment": "PFOS的监测数据不足，建议暂缓列入。"})

    assert response.status_code == 302
    review = draft_in_review.reviews.get()
    assert review.verdict == "disagree" and review.comment.startswith("PFOS") and review.submitted_at


def test_a_pending_review_shows_no_verdict_chosen_and_a_stored_one_shows_it(
    personas: Personas, draft_in_review: PriorityDraft
) -> None:
    expert = client_for(personas.expert)
    html = expert.get(draft_in_review.get_absolute_url()).content.decode()
    assert _selected(html, "") and not _selected(html, "agree")  # not 同意 by default

    expert.post(reverse("risk:priority_review", args=[draft_in_review.pk]), {"verdict": "changes", "comment": "补充"})
    html = expert.get(draft_in_review.get_absolute_url()).content.decode()
    assert _selected(html, "changes")


@pytest.mark.parametrize(("verdict", "comment", "valid"), [
    ("agree", "", True), ("changes", "", False), ("disagree", "理由", True), ("", "理由", False),
    ("pending", "理由", False),
])  # fmt: skip
def test_the_review_form_needs_a_comment_unless_the_expert_agrees(verdict: str, comment: str, valid: bool) -> None:
    assert ReviewForm({"verdict": verdict, "comment": comment}).is_valid() is valid
