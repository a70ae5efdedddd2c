"""The risk app's part of the workspace (工作台): experts' reviews to give, the bureau's dissenting reviews.

A review carries no due date of its own: it is due ``REVIEW_DAYS`` after the expert was asked (or asked
again, when the selection changed and the review went back to pending).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import Deadline, DeadlineSource, WorkItem, WorkList, WorkWidget, registry
from npgov.risk.models import PriorityDraft, PriorityReview

SHOWN = 8
REVIEW_DAYS = 14  # the time an expert has for a review, from the day they were asked

OPEN_DRAFTS = (PriorityDraft.Status.DRAFT, PriorityDraft.Status.REVIEW)


def review_due(review: PriorityReview) -> date:
    return timezone.localdate(review.updated_at) + timedelta(days=REVIEW_DAYS)


def reviews_assigned(user: User, today: date) -> WorkList | None:
    """Priority-list drafts the expert was asked to review and has not answered, oldest request first."""
    reviews = PriorityReview.objects.restrict(user, "change").filter(
        verdict=PriorityReview.Verdict.PENDING, draft__status=PriorityDraft.Status.REVIEW
    )
    total = reviews.count()
    rows = reviews.select_related("draft").order_by("updated_at", "pk")[:SHOWN]
    items = []
    for review in rows:
        due = review_due(review)
        items.append(
            WorkItem(
                title=review.draft.title,
                url=review.draft.get_absolute_url(),
                due=due,
                status=_("Overdue") if due < today else _("Awaiting your review"),
            )
        )
    return WorkList(items, total, reverse("risk:priority_list") if total > SHOWN else None)


def dissenting_reviews(user: User, today: date) -> WorkList | None:
    """Experts who disagree with a draft not yet published: the bureau must answer before publishing."""
    reviews = PriorityReview.objects.filter(verdict=PriorityReview.Verdict.DISAGREE, draft__status__in=OPEN_DRAFTS)
    total = reviews.count()
    rows = reviews.select_related("draft", "expert").order_by("submitted_at", "pk")[:SHOWN]
    items = [
        WorkItem(
            title=f"{r.draft.title}: {r.expert.name}",
            url=r.draft.get_absolute_url(),
            status=r.get_verdict_display(),
            note=r.comment[:300],
        )
        for r in rows
    ]
    return WorkList(items, total, reverse("risk:priority_list") if total > SHOWN else None)


def review_deadlines(today: date, horizon: date) -> list[Deadline]:
    """One deadline per pending review whose expert has an account."""
    reviews = PriorityReview.objects.filter(
        verdict=PriorityReview.Verdict.PENDING,
        draft__status=PriorityDraft.Status.REVIEW,
        expert__user__isnull=False,
        expert__user__is_active=True,
    ).select_related("draft", "expert")
    deadlines = []
    for review in reviews:
        due = review_due(review)
        if due <= horizon and review.expert.user_id is not None:
            deadlines.append(
                Deadline("review_due", f"risk.priorityreview:{review.pk}", (review.expert.user_id,),
                         review.draft.title, review.draft.get_absolute_url(), due)
            )  # fmt: skip
    return deadlines


def register() -> None:
    """Called once from RiskConfig.ready()."""
    registry.add_widget(
        WorkWidget("risk-reviews", gettext_lazy("Reviews assigned to you"), frozenset({Role.EXPERT}),
                   reviews_assigned, 10, "clipboard-check")
    )  # fmt: skip
    registry.add_widget(
        WorkWidget("risk-dissent", gettext_lazy("Dissenting expert reviews"), frozenset({Role.BUREAU, Role.SYSADMIN}),
                   dissenting_reviews, 35, "hand-thumbs-down")
    )  # fmt: skip
    registry.add_deadline_source(DeadlineSource("risk-review", review_deadlines))
