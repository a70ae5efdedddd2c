"""Complaints in the workspace (工作台) and in the reminders.

- officials of a department or a district see the open complaints routed to them, overdue first;
- the bureau sees the overdue complaints of the whole city;
- the deadline source reminds the department's and the district's users of an answer coming due.

Each costs a fixed number of queries, whatever the number of complaints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse

from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import Deadline, WorkItem, WorkList
from npgov.portal.complaints.models import Complaint
from npgov.portal.complaints.selectors import OPEN, open_complaints

ITEMS = 5


def _item(complaint: Complaint) -> WorkItem:
    where = complaint.district.name_zh if complaint.district is not None else complaint.address[:40]
    title = f"{complaint.tracking_code} · {complaint.get_topic_display()}"
    return WorkItem(
        title=f"{title} · {where}" if where else title,
        url=complaint.get_absolute_url(),
        due=complaint.due_date,
        status=complaint.get_status_display(),
    )


def complaint_widget(*, overdue_only: bool) -> Callable[[User, date], WorkList | None]:
    def items(user: User, today: date) -> WorkList | None:
        rows = open_complaints(user=user, today=today, overdue_only=overdue_only)
        total = rows.count()
        if not total and overdue_only:
            return WorkList([], 0)
        shown = [_item(c) for c in rows[:ITEMS]]  # by due date: the overdue ones come first
        more = reverse("portal:complaint_list") + ("?overdue=true" if overdue_only else "")
        return WorkList(shown, total, more)

    return items


def complaint_deadlines(today: date, horizon: date) -> Iterator[Deadline]:
    """Open complaints due by ``horizon`` (overdue ones too): the users of their department and district.

    Two queries in all (the complaints, then their officials).
    """
    complaints = list(
        Complaint.objects.filter(status__in=OPEN, due_date__lte=horizon)
        .only("pk", "tracking_code", "topic", "due_date", "department_id", "district_id")
        .order_by("due_date", "pk")
    )
    if not complaints:
        return
    by_department: dict[int, set[int]] = defaultdict(set)
    by_district: dict[int, set[int]] = defaultdict(set)
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.DEPARTMENT, department_id__in={c.department_id for c in complaints if c.department_id})
        | Q(role=Role.DISTRICT, district_id__in={c.district_id for c in complaints if c.district_id})
    )
    for user_id, role, department_id, district_id in users.values_list("pk", "role", "department_id", "district_id"):
        if role == Role.DEPARTMENT and department_id:
            by_department[department_id].add(user_id)
        if role == Role.DISTRICT and district_id:
            by_district[district_id].add(user_id)
    for complaint in complaints:
        recipients = set()
        if complaint.department_id is not None:
            recipients |= by_department.get(complaint.department_id, set())
        if complaint.district_id is not None:
            recipients |= by_district.get(complaint.district_id, set())
        if recipients and complaint.due_date:
            yield Deadline(
                kind="complaint_due",
                key=f"portal.complaint:{complaint.pk}",
                recipients=tuple(sorted(recipients)),
                title=f"{complaint.tracking_code} · {complaint.get_topic_display()}",
                url=complaint.get_absolute_url(),
                due=complaint.due_date,
            )
