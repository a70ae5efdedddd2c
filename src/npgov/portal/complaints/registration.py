"""Menus, widgets, deadline sources, datasets and demo steps of this portal area."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, DeadlineSource, KeyFigure, NavItem, WorkWidget, registry
from npgov.portal.opendata import Dataset, register_dataset

HANDLERS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})
BUREAU = frozenset({Role.SYSADMIN, Role.BUREAU})


def _statistics_rows() -> list[dict[str, object]]:
    from npgov.portal.complaints.selectors import statistics_rows

    return statistics_rows()


def _received(year: int) -> int:
    from npgov.portal.complaints.selectors import received_in_year

    return received_in_year(year)


def _closed(year: int) -> int:
    from npgov.portal.complaints.selectors import closed_in_year

    return closed_in_year(year)


def register() -> None:
    # Key figures of the work plan's yearly evaluation (a higher app: it reads the portal through the registry).
    registry.add_figure(KeyFigure("complaints-received", _("Complaints received in the year"), _received, 61))
    registry.add_figure(KeyFigure("complaints-closed", _("Complaints closed in the year"), _closed, 62))
    from npgov.portal.complaints.workspace import complaint_deadlines, complaint_widget

    registry.add_nav(NavItem("portal", _("Complaint handling"), "portal:complaint_list", "megaphone", 40,
                             roles=HANDLERS))  # fmt: skip
    registry.add_widget(
        WorkWidget(
            "portal.complaints_routed",
            _("Complaints routed to me"),
            frozenset({Role.DEPARTMENT, Role.DISTRICT}),
            complaint_widget(overdue_only=False),
            order=25,
            icon="megaphone",
        )
    )
    registry.add_widget(
        WorkWidget(
            "portal.complaints_overdue",
            _("Complaints overdue for an answer"),
            BUREAU,
            complaint_widget(overdue_only=True),
            order=25,
            icon="megaphone",
        )
    )
    registry.add_deadline_source(DeadlineSource("portal.complaint_due", complaint_deadlines))
    register_dataset(
        Dataset(
            key="complaint-statistics",
            title=_("Complaints and reports: statistics"),
            description=_(
                "Complaints and reports received through the portal, counted by month received, topic, district "
                "and status, with the average days to an answer. No text of any complaint and no personal data."
            ),
            columns=(
                ("month", _("month received")),
                ("topic", _("topic")),
                ("district", _("district")),
                ("status", _("status")),
                ("complaints", _("complaints")),
                ("answered", _("answered")),
                ("average_days_to_answer", _("average days to an answer")),
            ),
            rows=_statistics_rows,
            order=80,
        )
    )
    registry.add_data_step(
        DataStep(
            "portal-complaints-demo",
            "portal complaints demo",
            "npgov.portal.complaints.demo.load",
            order=985,
            demo_only=True,
        )  # fmt: skip
    )
