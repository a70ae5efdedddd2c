"""Compliance's part of the workspace (工作台) and its deadline: findings to rectify or follow, obligations.

- an enterprise sees its open findings with their rectification deadlines and the obligation lists it is on
  (with the date the rule sets, where it sets one);
- a district sees the open findings of its enterprises and the obligation lists over its district;
- the bureau sees the overdue findings of the whole city;
- the deadline source reminds the enterprise (and its district) of a rectification coming due.

Every function costs a fixed number of queries, whatever the number of findings or enterprises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from npgov.compliance.choices import ACTIVE_STATUSES, OBLIGATION_LISTS, FindingStatus
from npgov.compliance.models import Finding
from npgov.compliance.selectors import obligation_counts, obligation_lists
from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import Deadline, DeadlineSource, ObligationStatus, WorkItem, WorkList, WorkWidget, registry
from npgov.enterprises.selectors import enterprise_visible

if TYPE_CHECKING:
    from npgov.compliance.selectors import ObligationEntry
    from npgov.core.models import District

ITEMS = 5  # items a widget shows; the rest behind its "more" link
BUREAU = frozenset({Role.BUREAU, Role.SYSADMIN})
DEPTH = 4  # division levels looked up above an enterprise's district (district, county, city, province)
# 《企业环境信息依法披露管理办法》第十七条: the annual disclosure report is published by 15 March.
DISCLOSURE_DUE = (3, 15)


def _by_due(items: list[WorkItem], today: date) -> list[WorkItem]:
    return sorted(items, key=lambda i: (not i.overdue(today), i.due is None, i.due or date.max))


def _finding_items(findings: list[Finding], *, with_enterprise: bool) -> list[WorkItem]:
    items = []
    for finding in findings:
        title = f"{finding.substance} · {finding.get_severity_display()}"
        items.append(
            WorkItem(
                title=f"{finding.enterprise.name} · {title}" if with_enterprise else title,
                url=finding.get_absolute_url(),
                # Once the rectification is submitted, the deadline is the officer's to verify, not a late item.
                due=finding.due_date if finding.status == FindingStatus.OPEN else None,
                status=finding.get_status_display(),
                note=finding.explanation,
            )
        )
    return items


def _findings(*, with_enterprise: bool, overdue_only: bool = False) -> Callable[[User, date], WorkList]:
    """Open findings the user may see (overdue first, then by rectification deadline)."""

    def items(user: User, today: date) -> WorkList:
        findings = Finding.objects.restrict(user, "view").filter(status__in=ACTIVE_STATUSES)
        if overdue_only:
            findings = findings.filter(status=FindingStatus.OPEN, due_date__lt=today)
        total = findings.count()
        rows = list(findings.select_related("enterprise", "substance").order_by("due_date", "pk")[:ITEMS])
        more = reverse("compliance:finding_list") + ("?overdue=true" if overdue_only else "")
        return WorkList(_finding_items(rows, with_enterprise=with_enterprise), total, more)

    return items


# --- obligations ---------------------------------------------------------------------------------------------
def next_disclosure_due(today: date) -> date:
    """The next 15 March on or after ``today``: the annual environmental information disclosure deadline."""
    month, day = DISCLOSURE_DUE
    this_year = date(today.year, month, day)
    return this_year if today <= this_year else date(today.year + 1, month, day)


def disclosure_due(year: int) -> date:
    """The annual disclosure of ``year`` (the survey's reporting year) is due on 15 March of the year after."""
    month, day = DISCLOSURE_DUE
    return date(year + 1, month, day)


def disclosure_statuses(entries: list[ObligationEntry]) -> dict[tuple[int, int], ObligationStatus]:
    """(enterprise id, year) → whether the disclosure obligation is met, as the app that holds disclosures knows
    it (``registry.obligation_checks["disclosure"]``); empty when no app checks it. One check per year."""
    check = registry.obligation_checks.get("disclosure")
    if check is None:
        return {}
    years: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.year is not None:
            years[entry.year].append(entry.enterprise.pk)
    return {
        (enterprise_id, year): status
        for year, ids in years.items()
        for enterprise_id, status in check(ids, year).items()
    }


def _my_obligations(user: User, today: date) -> WorkList | None:
    """The obligation lists the user's enterprise is on; each links to the enterprise page showing the evidence.

    The disclosure obligation says whether the year's disclosure is published (met: no due date any more) or
    when it is due, as the disclosure check registered by the portal says.
    """
    visible = enterprise_visible(user=user)
    lists = obligation_lists(enterprises=visible)
    disclosures = disclosure_statuses(lists["disclosure"])
    items = []
    for obligation in OBLIGATION_LISTS:
        for entry in lists[obligation.key]:
            status = disclosures.get((entry.enterprise.pk, entry.year or 0)) if obligation.key == "disclosure" else None
            items.append(_obligation_item(obligation.key, obligation.title, entry, today, status))
    items = _by_due(items, today)
    return WorkList(items[:ITEMS], len(items))


def _obligation_item(
    key: str, title: object, entry: ObligationEntry, today: date, checked: ObligationStatus | None = None
) -> WorkItem:
    enterprise = entry.enterprise
    due, status = None, ""
    url = enterprise.get_absolute_url()
    if key == "disclosure":
        if checked is not None:
            # met: published, nothing due; not met: due 15 March after the survey year, overdue after it
            due = None if checked.met or entry.year is None else disclosure_due(entry.year)
            status, url = str(checked.status), checked.url
        else:
            due = next_disclosure_due(today)
            status = _("Annual disclosure report")
    elif key == "permit":
        status = _("The permit states the controls") if entry.compliant else _("The permit must state the controls")
    elif key == "key_discharge":
        status = _("Designated") if enterprise.key_discharge_unit else _("Not yet designated by the bureau")
    return WorkItem(
        title=str(title),
        url=url,
        due=due,
        status=status,
        note=_("From the %(year)s survey report: %(substances)s")
        % {"year": entry.year, "substances": "、".join(sorted({str(line.substance) for line in entry.evidence}))},
    )


def _district_obligations(user: User, today: date) -> WorkList:
    """Each obligation list over the district's enterprises: how many enterprises it names."""
    counts = obligation_counts(enterprises=enterprise_visible(user=user))
    items = []
    for obligation in OBLIGATION_LISTS:
        count = counts[obligation.key]
        if not count.enterprises:
            continue
        status = ngettext("%(n)s enterprise", "%(n)s enterprises", count.enterprises) % {"n": count.enterprises}
        note = ""
        if obligation.key == "permit":
            missing = count.not_compliant
            if missing:
                note = ngettext(
                    "%(n)s permit does not state the controls yet.",
                    "%(n)s permits do not state the controls yet.",
                    missing,
                ) % {"n": missing}
        items.append(
            WorkItem(
                title=str(obligation.title),
                url=f"{reverse('compliance:obligations')}?list={obligation.key}",
                status=status,
                note=note,
            )
        )
    return WorkList(items, len(items), reverse("compliance:obligations"))


# --- deadline: rectifications coming due ---------------------------------------------------------------------
def _ancestor_ids(district: District) -> list[int]:
    ids = []
    node: District | None = district
    for _level in range(DEPTH):
        if node is None:
            break
        ids.append(node.pk)
        node = node.parent if node.parent_id is not None else None
    return ids


def finding_deadlines(today: date, horizon: date) -> Iterator[Deadline]:
    """Open findings due by ``horizon`` (overdue ones too): the enterprise's users and its district's officials.

    A finding whose rectification is submitted reminds the district only (the verification is theirs).
    Three queries in all.
    """
    findings = list(
        Finding.objects.filter(status__in=ACTIVE_STATUSES, due_date__lte=horizon)
        .select_related("enterprise__district__parent__parent__parent", "substance")
        .order_by("due_date", "pk")
    )
    if not findings:
        return
    enterprise_ids = {f.enterprise_id for f in findings}
    members: dict[int, set[int]] = defaultdict(set)
    enterprise_users = User.objects.filter(is_active=True, role=Role.ENTERPRISE, enterprises__in=enterprise_ids)
    for enterprise_id, user_id in enterprise_users.values_list("enterprises", "pk"):
        members[enterprise_id].add(user_id)
    divisions = {f.enterprise_id: _ancestor_ids(f.enterprise.district) for f in findings}
    officials: dict[int, set[int]] = defaultdict(set)
    district_users = User.objects.filter(
        is_active=True, role=Role.DISTRICT, district_id__in={pk for ids in divisions.values() for pk in ids}
    )
    for district_id, user_id in district_users.values_list("district_id", "pk"):
        officials[district_id].add(user_id)
    for finding in findings:
        recipients = {uid for pk in divisions[finding.enterprise_id] for uid in officials[pk]}
        if finding.status == FindingStatus.OPEN:
            recipients |= members[finding.enterprise_id]
        if recipients:
            yield Deadline(
                kind="finding_due",
                key=f"compliance.finding:{finding.pk}",
                recipients=tuple(sorted(recipients)),
                title=f"{finding.enterprise.name} · {finding.substance}",
                url=finding.get_absolute_url(),
                due=finding.due_date,
            )


def register() -> None:
    """Called once from ComplianceConfig.ready()."""
    registry.add_widget(
        WorkWidget(
            "compliance.my_findings",
            gettext_lazy("Findings to rectify"),
            frozenset({Role.ENTERPRISE}),
            _findings(with_enterprise=False),
            order=20,
            icon="exclamation-triangle",
        )
    )
    registry.add_widget(
        WorkWidget(
            "compliance.my_obligations",
            gettext_lazy("My obligations"),
            frozenset({Role.ENTERPRISE}),
            _my_obligations,
            order=30,
            icon="list-check",
        )
    )
    registry.add_widget(
        WorkWidget(
            "compliance.district_findings",
            gettext_lazy("Open findings in my district"),
            frozenset({Role.DISTRICT}),
            _findings(with_enterprise=True),
            order=20,
            icon="exclamation-triangle",
        )
    )
    registry.add_widget(
        WorkWidget(
            "compliance.district_obligations",
            gettext_lazy("Obligation lists of my district"),
            frozenset({Role.DISTRICT}),
            _district_obligations,
            order=40,
            icon="list-check",
        )
    )
    registry.add_widget(
        WorkWidget(
            "compliance.overdue_findings",
            gettext_lazy("Overdue findings"),
            BUREAU,
            _findings(with_enterprise=True, overdue_only=True),
            order=20,
            icon="exclamation-octagon",
        )
    )
    registry.add_deadline_source(DeadlineSource("compliance.finding_due", finding_deadlines))
