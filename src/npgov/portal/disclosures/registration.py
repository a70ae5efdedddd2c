"""Menus, widgets, deadline sources, datasets and demo steps of this portal area."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, DeadlineSource, KeyFigure, NavItem, WorkWidget, registry
from npgov.portal.disclosures import selectors, workspace
from npgov.portal.opendata import Dataset, register_dataset

REVIEWERS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DISTRICT})
ENTERPRISES = frozenset({Role.ENTERPRISE})


def register() -> None:
    registry.add_nav(
        NavItem(
            "portal",
            _("My information disclosures"),
            "portal:my_disclosures",
            "file-earmark-text",
            30,
            roles=ENTERPRISES,
        )
    )
    registry.add_nav(
        NavItem("portal", _("Disclosure review"), "portal:disclosure_review", "clipboard-check", 30, roles=REVIEWERS)
    )
    registry.add_widget(
        WorkWidget(
            "portal.my_disclosures",
            _("Information disclosure"),
            ENTERPRISES,
            workspace.my_disclosures,
            order=35,
            icon="file-earmark-text",
        )  # fmt: skip
    )
    registry.add_deadline_source(DeadlineSource("portal.disclosure_due", workspace.disclosure_deadlines))
    registry.add_obligation_check("disclosure", selectors.obligation_status)
    # A key figure of the work plan's yearly evaluation (a higher app: it reads the portal only through the registry).
    registry.add_figure(
        KeyFigure(
            "disclosures-published", _("Enterprise disclosures published in the year"), selectors.published_in_year, 60
        )
    )
    register_dataset(
        Dataset(
            key="disclosures",
            title=_("Enterprise environmental information disclosures"),
            description=_(
                "The toxic raw materials used and toxic substances emitted that enterprises published in their "
                "annual disclosures (the current version of each enterprise and year), one row per line."
            ),
            columns=(
                ("year", _("year disclosed")),
                ("enterprise", _("enterprise")),
                ("uscc", _("unified social credit code")),
                ("district", _("district")),
                ("version", _("version")),
                ("published_at", _("published on")),
                ("kind", _("kind")),
                ("cas", _("CAS number")),
                ("substance", _("substance")),
                ("medium", _("emitted to")),
                ("amount_t", _("amount (t)")),
                ("concentration", _("concentration")),
                ("concentration_unit", _("concentration unit")),
                ("treatment", _("treatment")),
            ),
            rows=selectors.dataset_rows,
            page_url_name="portal:disclosure_list",
            order=50,
        )
    )
    registry.add_data_step(
        DataStep(
            "portal-disclosures-demo",
            "portal disclosures demo",
            "npgov.portal.disclosures.demo.load",
            order=980,
            demo_only=True,
        )  # fmt: skip
    )
