"""The survey's part of the workspace (工作台) and its deadline: reports to file, review queues, reminders.

- an enterprise sees its report for the current campaign (or a link to start it) and every returned report
  with the reviewers' comments;
- a district sees the reports waiting for its review, the bureau those waiting for the city's review;
- the deadline source reminds the enterprises that have not yet submitted their report for a campaign.

Every function costs a fixed number of queries, whatever the number of enterprises or reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Role
from npgov.core.models import District, User
from npgov.core.registry import Deadline, DeadlineSource, WorkItem, WorkList, WorkWidget, registry
from npgov.enterprises.choices import EnterpriseStatus
from npgov.enterprises.selectors import enterprise_visible
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.models import Campaign, ReviewComment, Submission

ITEMS = 5  # items a widget shows; the rest behind its "more" link
BUREAU = frozenset({Role.BUREAU, Role.SYSADMIN})
# Reports the enterprise has handed in: nothing more is due from it for the campaign.
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_REVIEW, SubmissionStatus.ACCEPTED)
# How long after a campaign's deadline its missing reports are still reminded of.
OVERDUE_WINDOW = timedelta(days=90)
# Depth of the division tree below a city: district or county, then a zone (and a zone inside a county's zone).
DEPTH = 4


def _ancestor_ids(district: District) -> list[int]:
    """The division and the ones above it, as far as ``select_related`` loaded them (DEPTH levels)."""
    ids = []
    node: District | None = district
    for _level in range(DEPTH):
        if node is None:
            break
        ids.append(node.pk)
        node = node.parent if node.parent_id is not None else None
    return ids


def _within(path: str, city_id: int) -> Q:
    """Rows whose division (at ``path``) is the city or lies below it, in one query."""
    condition = Q()
    for depth in range(DEPTH):
        condition |= Q(**{f"{path}{'__parent' * depth}": city_id})
    return condition


def current_campaigns(district_ids: set[int]) -> dict[int, Campaign]:
    """City id → its latest campaign, for the cities among ``district_ids``."""
    latest: dict[int, Campaign] = {}
    for campaign in Campaign.objects.filter(city_id__in=district_ids).order_by("city_id", "-year"):
        latest.setdefault(campaign.city_id, campaign)
    return latest


# --- enterprise: my survey reports ---------------------------------------------------------------------------
def _my_reports(user: User, today: date) -> WorkList | None:
    """The report of each of the user's enterprises for its city's current campaign, and the returned ones."""
    enterprises = list(enterprise_visible(user=user).select_related("district__parent__parent__parent"))
    if not enterprises:
        return None
    cities = {e.pk: _ancestor_ids(e.district) for e in enterprises}
    campaigns = current_campaigns({pk for ids in cities.values() for pk in ids})
    current = {e.pk: next((campaigns[c] for c in cities[e.pk] if c in campaigns), None) for e in enterprises}
    submissions = list(
        Submission.objects.filter(enterprise__in=enterprises)
        .filter(Q(status=SubmissionStatus.RETURNED) | Q(campaign__in=[c.pk for c in current.values() if c]))
        .select_related("campaign", "enterprise")
        .order_by("-campaign__year", "pk")
    )
    notes = _return_comments([s for s in submissions if s.status == SubmissionStatus.RETURNED])
    several = len(enterprises) > 1
    items = []
    started = {(s.enterprise_id, s.campaign_id) for s in submissions}
    scopes = _industry_scopes([c.pk for c in current.values() if c])
    for enterprise in enterprises:
        campaign = current[enterprise.pk]
        if campaign is None or (enterprise.pk, campaign.pk) in started:
            continue
        in_scope = not scopes.get(campaign.pk) or enterprise.industry_id in scopes[campaign.pk]
        if in_scope and enterprise.status == EnterpriseStatus.OPERATING:
            items.append(
                WorkItem(
                    title=_("Start the report for %(campaign)s") % {"campaign": campaign.title}
                    + (f" · {enterprise.name}" if several else ""),
                    url=campaign.get_absolute_url(),
                    due=campaign.deadline,
                    status=_("Not started"),
                )
            )
    for submission in submissions:
        action_due = submission.editable  # a draft or a returned report: the enterprise has to act
        items.append(
            WorkItem(
                title=submission.campaign.title + (f" · {submission.enterprise.name}" if several else ""),
                url=submission.get_absolute_url(),
                due=submission.campaign.deadline if action_due else None,
                status=submission.get_status_display(),
                note=notes.get(submission.pk, ""),
            )
        )
    items.sort(key=lambda i: (not i.overdue(today), i.due is None, i.due or date.max))
    return WorkList(items[:ITEMS], len(items), reverse("surveys:submission_list"))


def _industry_scopes(campaign_ids: list[int]) -> dict[int, set[int]]:
    """Campaign id → the industries in its scope (absent or empty: every industry)."""
    scopes: dict[int, set[int]] = defaultdict(set)
    if campaign_ids:
        links = Campaign.industries.through.objects.filter(campaign_id__in=campaign_ids)
        for campaign_id, industry_id in links.values_list("campaign_id", "industry_id"):
            scopes[campaign_id].add(industry_id)
    return scopes


def _return_comments(submissions: list[Submission]) -> dict[int, str]:
    """Submission id → the reviewers' comments of its last review (those made since it was last submitted)."""
    if not submissions:
        return {}
    since = {s.pk: s.submitted_at for s in submissions}
    texts: dict[int, list[str]] = defaultdict(list)
    comments = ReviewComment.objects.filter(submission__in=list(since)).select_related("line__substance")
    for comment in comments.order_by("created_at", "pk"):
        submitted = since[comment.submission_id]
        if submitted is None or comment.created_at >= submitted:
            prefix = f"{comment.line.substance}：" if comment.line_id and comment.line else ""
            texts[comment.submission_id].append(prefix + comment.text)
    return {pk: "\n".join(lines) for pk, lines in texts.items()}


# --- district and bureau: review queues ----------------------------------------------------------------------
def _queue(status: SubmissionStatus) -> Callable[[User, date], WorkList]:
    def items(user: User, today: date) -> WorkList:
        waiting = Submission.objects.restrict(user, "view").filter(status=status)
        total = waiting.count()
        rows = waiting.select_related("campaign", "enterprise").order_by("submitted_at", "pk")[:ITEMS]
        return WorkList(
            [
                WorkItem(
                    title=f"{s.enterprise.name} · {s.campaign.title}",
                    url=s.get_absolute_url(),
                    status=s.get_status_display(),
                    note=_("Submitted on %(date)s") % {"date": f"{s.submitted_at:%Y-%m-%d}"} if s.submitted_at else "",
                )
                for s in rows
            ],
            total,
            reverse("surveys:review_queue"),
        )

    return items


# --- district: reports not yet handed in --------------------------------------------------------------------
def _outstanding(user: User, today: date) -> WorkList | None:
    """The district's enterprises in the current campaign's scope that have not handed in their report."""
    if user.district_id is None:
        return None
    district = District.objects.select_related("parent__parent__parent").get(pk=user.district_id)
    campaigns = current_campaigns(set(_ancestor_ids(district)))
    if not campaigns:
        return None
    campaign = next(campaigns[pk] for pk in _ancestor_ids(district) if pk in campaigns)
    industries = _industry_scopes([campaign.pk]).get(campaign.pk)
    handed_in = Submission.objects.filter(campaign=campaign, status__in=HANDED_IN).values("enterprise_id")
    missing = enterprise_visible(user=user).filter(status=EnterpriseStatus.OPERATING).exclude(pk__in=handed_in)
    if industries:
        missing = missing.filter(industry__in=industries)
    total = missing.count()
    rows = list(missing.order_by("name")[:ITEMS])
    started = dict(
        Submission.objects.filter(campaign=campaign, enterprise__in=[e.pk for e in rows]).values_list(
            "enterprise_id", "status"
        )
    )
    labels = dict(SubmissionStatus.choices)
    return WorkList(
        [
            WorkItem(
                title=enterprise.name,
                url=enterprise.get_absolute_url(),
                due=campaign.deadline,
                status=labels[started[enterprise.pk]] if enterprise.pk in started else _("Not started"),
                note=campaign.title,
            )
            for enterprise in rows
        ],
        total,
        f"{reverse('surveys:submission_list')}?campaign={campaign.pk}",
    )


# --- deadline: reports not yet handed in ---------------------------------------------------------------------
def submission_deadlines(today: date, horizon: date) -> Iterator[Deadline]:
    """Each enterprise in a campaign's scope that has not handed in its report, with its users, by the deadline.

    Campaigns whose deadline lies before ``horizon`` and not more than OVERDUE_WINDOW in the past. Four queries
    per such campaign (one per city and year).
    """
    campaigns = Campaign.objects.filter(deadline__lte=horizon, deadline__gte=today - OVERDUE_WINDOW)
    for campaign in campaigns.order_by("deadline", "pk"):
        industries = list(campaign.industries.values_list("pk", flat=True))
        done = set(
            Submission.objects.filter(campaign=campaign, status__in=HANDED_IN).values_list("enterprise_id", flat=True)
        )
        started = dict(Submission.objects.filter(campaign=campaign).values_list("enterprise_id", "pk"))
        members = User.objects.filter(
            _within("enterprises__district", campaign.city_id),
            is_active=True,
            role=Role.ENTERPRISE,
            enterprises__status=EnterpriseStatus.OPERATING,
            **({"enterprises__industry__in": industries} if industries else {}),
        )
        recipients: dict[int, set[int]] = defaultdict(set)
        names: dict[int, str] = {}
        for enterprise_id, name, user_id in members.values_list("enterprises", "enterprises__name", "pk"):
            if enterprise_id not in done:
                recipients[enterprise_id].add(user_id)
                names[enterprise_id] = name
        for enterprise_id, users in sorted(recipients.items()):
            submission = started.get(enterprise_id)
            yield Deadline(
                kind="submission_due",
                key=f"surveys.campaign:{campaign.pk}:enterprise:{enterprise_id}",
                recipients=tuple(sorted(users)),
                title=f"{campaign.title} · {names[enterprise_id]}",
                url=(
                    reverse("surveys:submission_detail", args=[submission])
                    if submission
                    else campaign.get_absolute_url()
                ),
                due=campaign.deadline,
            )


def register() -> None:
    """Called once from SurveysConfig.ready()."""
    registry.add_widget(
        WorkWidget(
            "surveys.my_reports",
            gettext_lazy("My survey reports"),
            frozenset({Role.ENTERPRISE}),
            _my_reports,
            order=10,
            icon="clipboard-check",
        )
    )
    registry.add_widget(
        WorkWidget(
            "surveys.district_review",
            gettext_lazy("Survey reports awaiting my review"),
            frozenset({Role.DISTRICT}),
            _queue(SubmissionStatus.SUBMITTED),
            order=10,
            icon="hourglass-split",
        )
    )
    registry.add_widget(
        WorkWidget(
            "surveys.district_outstanding",
            gettext_lazy("Survey reports not yet handed in"),
            frozenset({Role.DISTRICT}),
            _outstanding,
            order=15,
            icon="clipboard-x",
        )
    )
    registry.add_widget(
        WorkWidget(
            "surveys.city_review",
            gettext_lazy("City review queue of survey reports"),
            BUREAU,
            _queue(SubmissionStatus.CITY_REVIEW),
            order=10,
            icon="hourglass-split",
        )
    )
    registry.add_deadline_source(DeadlineSource("surveys.submission_due", submission_deadlines))
