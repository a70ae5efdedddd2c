"""Vocabulary of the notification centre: what a notification is about and at which stage of a deadline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    """The events and deadlines a user is told about (the kinds of ``core.signals.domain_event``)."""

    DISPATCH_RECEIVED = "dispatch_received", _("Progress dispatch received")
    DISPATCH_DUE = "dispatch_due", _("Progress answer due")
    SUPERVISION_ORDER_ISSUED = "supervision_order_issued", _("Supervision order issued")
    ORDER_DUE = "order_due", _("Supervision order due")
    SUBMISSION_RETURNED = "submission_returned", _("Survey submission returned")
    SUBMISSION_ACCEPTED = "submission_accepted", _("Survey submission approved")
    SUBMISSION_DUE = "submission_due", _("Survey submission due")
    FINDING_OPENED = "finding_opened", _("Compliance finding opened")
    FINDING_CLOSED = "finding_closed", _("Compliance finding closed")
    FINDING_DUE = "finding_due", _("Rectification due")
    MILESTONE_DUE = "milestone_due", _("Milestone due")
    REVIEW_ASSIGNED = "review_assigned", _("Expert review assigned")
    REVIEW_DUE = "review_due", _("Expert review due")
    INSPECTION_DUE = "inspection_due", _("Inspection due")
    PRIORITY_LIST_PUBLISHED = "priority_list_published", _("Priority list published")
    COMPLAINT_ROUTED = "complaint_routed", _("Complaint routed")
    COMPLAINT_DUE = "complaint_due", _("Complaint answer due")
    DISCLOSURE_DUE = "disclosure_due", _("Annual disclosure due")
    IMPORT_FINISHED = "import_finished", pgettext_lazy("data", "Import finished")
    LIST_CHANGED = "list_changed", _("Regulatory list changed")


class Stage(models.TextChoices):
    """An event is told once when it happens; a deadline at most three times: a week before, the day before, late."""

    EVENT = "event", _("Event")
    DUE_IN_7 = "due_in_7", _("Due within a week")
    DUE_TOMORROW = "due_tomorrow", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")


REMINDER_STAGES = (Stage.DUE_IN_7, Stage.DUE_TOMORROW, Stage.OVERDUE)

# Who usually receives each kind (the preferences page lists these, plus any kind the user has received);
# the all-access roles see every kind.
_OFFICIALS = frozenset({"department", "district"})
KIND_ROLES: dict[str, frozenset[str]] = {
    NotificationKind.DISPATCH_RECEIVED: _OFFICIALS,
    NotificationKind.DISPATCH_DUE: _OFFICIALS,
    NotificationKind.SUPERVISION_ORDER_ISSUED: frozenset({"department"}),
    NotificationKind.ORDER_DUE: frozenset({"department"}),
    NotificationKind.SUBMISSION_RETURNED: frozenset({"enterprise"}),
    NotificationKind.SUBMISSION_ACCEPTED: frozenset({"enterprise"}),
    NotificationKind.SUBMISSION_DUE: frozenset({"enterprise"}),
    NotificationKind.FINDING_OPENED: frozenset({"enterprise", "district"}),
    NotificationKind.FINDING_CLOSED: frozenset({"enterprise", "district"}),
    NotificationKind.FINDING_DUE: frozenset({"enterprise", "district"}),
    NotificationKind.MILESTONE_DUE: _OFFICIALS,
    NotificationKind.REVIEW_ASSIGNED: frozenset({"expert"}),
    NotificationKind.REVIEW_DUE: frozenset({"expert"}),
    NotificationKind.INSPECTION_DUE: _OFFICIALS,
    NotificationKind.PRIORITY_LIST_PUBLISHED: frozenset({"department"}),
    NotificationKind.COMPLAINT_ROUTED: _OFFICIALS,
    NotificationKind.COMPLAINT_DUE: _OFFICIALS,
    NotificationKind.DISCLOSURE_DUE: frozenset({"enterprise"}),
    NotificationKind.IMPORT_FINISHED: frozenset({"department", "district", "enterprise", "expert"}),
    NotificationKind.LIST_CHANGED: frozenset({"enterprise", "district"}),
}
# Kinds told once per object and recipient, however often the event is sent (a list revision's impact).
ONCE_KINDS = frozenset({NotificationKind.LIST_CHANGED})
