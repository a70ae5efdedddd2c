"""The disclosures' part of the workspace (工作台) and their deadline.

- an enterprise sees its years to disclose (those it must disclose, and drafts in progress) with due dates;
- the deadline source reminds the enterprise's users of an annual disclosure due on 15 March.

Each function costs a fixed number of queries, whatever the number of enterprises or disclosures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import Deadline, WorkItem, WorkList
from npgov.enterprises.selectors import enterprise_list, enterprise_visible
from npgov.portal.disclosures import selectors
from npgov.portal.disclosures.models import Disclosure

ITEMS = 5


def my_disclosures(user: User, today: date) -> WorkList | None:
    """The years the user's enterprises must disclose or are drafting: not published first, by due date."""
    states = [s for s in selectors.enterprise_years(enterprise_visible(user=user)) if s.obligated or s.draft]
    if not states:
        return None
    states.sort(key=lambda s: (s.published is not None and s.draft is None, s.due or date.max, s.enterprise.name))
    items = []
    for state in states[:ITEMS]:
        items.append(
            WorkItem(
                title=_("%(year)s disclosure · %(enterprise)s")
                % {"year": state.year, "enterprise": state.enterprise.name},
                # published with no correction in progress: the public page; otherwise where it is prepared
                url=reverse("portal:disclosure_detail", args=[state.published.pk])
                if state.published is not None and state.draft is None
                else state.edit_url,
                due=None if state.published is not None else state.due,
                status=state.state_label,
            )
        )
    return WorkList(items, len(states), reverse("portal:my_disclosures"))


def disclosure_deadlines(today: date, horizon: date) -> Iterator[Deadline]:
    """Obligated years not yet published whose disclosure is due by ``horizon`` (overdue ones too).

    Recipients are the enterprise's active users. Obligation lists (a fixed number of queries), one query for the
    published disclosures and one for the users.
    """
    pairs = [p for p in selectors.obligation_pairs(enterprise_list()) if selectors.due_date(p[1]) <= horizon]
    if not pairs:
        return
    published = set(
        Disclosure.objects.filter(
            status=Disclosure.Status.PUBLISHED,
            enterprise_id__in={e for e, _y in pairs},
            year__in={y for _e, y in pairs},
        ).values_list("enterprise_id", "year")
    )
    pending = [p for p in pairs if p not in published]
    if not pending:
        return
    members: dict[int, set[int]] = defaultdict(set)
    users = User.objects.filter(is_active=True, role=Role.ENTERPRISE, enterprises__in={e for e, _y in pending})
    for enterprise_id, user_id in users.values_list("enterprises", "pk"):
        members[enterprise_id].add(user_id)
    names = dict(enterprise_list(ids={e for e, _y in pending}).values_list("pk", "name"))
    for enterprise_id, year in sorted(pending):
        if members[enterprise_id]:
            yield Deadline(
                kind="disclosure_due",
                key=f"portal.disclosure:{enterprise_id}:{year}",
                recipients=tuple(sorted(members[enterprise_id])),
                title=_("%(year)s disclosure · %(enterprise)s") % {"year": year, "enterprise": names[enterprise_id]},
                url=reverse("portal:disclosure_edit", args=[enterprise_id, year]),
                due=selectors.due_date(year),
            )
