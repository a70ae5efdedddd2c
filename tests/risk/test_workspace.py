"""The risk app's workspace widgets: the expert's reviews with due dates, the bureau's dissenting reviews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from npgov.capacity.models import Expert
from npgov.core.models import User
from npgov.core.registry import WorkList, registry
from npgov.risk import workspace
from npgov.risk.models import PriorityReview
from tests.capacity.factories import ExpertFactory
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.risk.factories import PriorityDraftFactory, PriorityReviewFactory

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def assert_followable(user: User, work: WorkList) -> None:
    client = client_for(user)
    for url in [item.url for item in work.items] + ([work.more_url] if work.more_url else []):
        assert client.get(url).status_code == 200, url


def ask(user: User, *, days_ago: int = 0, status: str = "review") -> PriorityReview:
    expert = Expert.objects.filter(user=user).first() or ExpertFactory(user=user)
    review = PriorityReviewFactory(draft=PriorityDraftFactory(status=status), expert=expert)
    if days_ago:
        PriorityReview.objects.filter(pk=review.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return review


def test_an_expert_sees_the_reviews_asked_of_it_with_due_dates(personas: Personas) -> None:
    expert = personas.expert
    late = ask(expert, days_ago=20)
    ask(expert)
    ask(UserFactory(role="expert"))  # another expert's
    answered = ask(expert)
    PriorityReview.objects.filter(pk=answered.pk).update(verdict="agree", submitted_at=timezone.now())
    ask(expert, status="withdrawn")  # a withdrawn draft asks nothing any more
    work = workspace.reviews_assigned(User.objects.get(pk=expert.pk), today())
    assert work is not None and work.total == 2
    # the overdue one first, due REVIEW_DAYS after the expert was asked
    assert work.items[0].title == late.draft.title and work.items[0].overdue(today())
    assert work.items[1].due == today() + timedelta(days=workspace.REVIEW_DAYS)
    assert_followable(expert, work)


def test_review_widgets_cost_the_same_queries_with_more_data(personas: Personas) -> None:
    expert, bureau = personas.expert, personas.bureau
    ask(expert)
    few = queries(lambda: workspace.reviews_assigned(User.objects.get(pk=expert.pk), today()))
    few_dissent = queries(lambda: workspace.dissenting_reviews(bureau, today()))
    for _ in range(10):
        review = ask(expert)
        PriorityReviewFactory(draft=review.draft, verdict="disagree", comment="不同意", submitted_at=timezone.now())
    work = workspace.reviews_assigned(User.objects.get(pk=expert.pk), today())
    assert work is not None and work.total == 11 and work.more_url
    assert queries(lambda: workspace.reviews_assigned(User.objects.get(pk=expert.pk), today())) == few
    assert queries(lambda: workspace.dissenting_reviews(bureau, today())) == few_dissent
    assert_followable(expert, work)


def test_the_bureau_sees_dissenting_reviews_of_unpublished_drafts(personas: Personas) -> None:
    bureau = personas.bureau
    dissent = PriorityReviewFactory(draft=PriorityDraftFactory(status="review"), verdict="disagree",
                                    comment="建议删除第3项", submitted_at=timezone.now())  # fmt: skip
    PriorityReviewFactory(draft=PriorityDraftFactory(status="review"), verdict="agree", submitted_at=timezone.now())
    PriorityReviewFactory(draft=PriorityDraftFactory(status="published"), verdict="disagree", comment="旧",
                          submitted_at=timezone.now())  # fmt: skip
    work = workspace.dissenting_reviews(bureau, today())
    assert work is not None and work.total == 1
    assert work.items[0].title == f"{dissent.draft.title}: {dissent.expert.name}"
    assert work.items[0].note == "建议删除第3项"
    assert str(work.items[0].status) == str(PriorityReview.Verdict.DISAGREE.label)
    assert_followable(bureau, work)


def test_review_deadlines_go_to_the_expert(personas: Personas) -> None:
    review = ask(personas.expert, days_ago=10)
    ask(personas.expert)  # due in two weeks: beyond a seven-day horizon
    PriorityReviewFactory(draft=PriorityDraftFactory(status="review"))  # an expert with no account
    deadlines = workspace.review_deadlines(today(), today() + timedelta(days=7))
    assert [(d.kind, d.key, d.recipients, d.due) for d in deadlines] == [
        ("review_due", f"risk.priorityreview:{review.pk}", (personas.expert.pk,),
         today() - timedelta(days=10) + timedelta(days=workspace.REVIEW_DAYS))
    ]  # fmt: skip
    assert client_for(personas.expert).get(deadlines[0].url).status_code == 200
    few = queries(lambda: workspace.review_deadlines(today(), today() + timedelta(days=7)))
    for _ in range(5):
        ask(personas.expert, days_ago=12)
    assert queries(lambda: workspace.review_deadlines(today(), today() + timedelta(days=7))) == few


def test_the_widgets_go_to_their_roles(personas: Personas) -> None:
    assert "risk-reviews" in {w.key for w in registry.widgets_for(personas.expert)}
    assert "risk-dissent" in {w.key for w in registry.widgets_for(personas.bureau)}
    assert not {w.key for w in registry.widgets_for(personas.department) if w.key.startswith("risk")}
