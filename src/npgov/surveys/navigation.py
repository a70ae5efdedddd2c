"""Menu items of the survey, and its panels on the substance and enterprise pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import DataStep, NavItem, Panel, registry
from npgov.surveys.models import Campaign
from npgov.surveys.selectors import inventory, key_discharge_evidence

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise
    from npgov.substances.models import Substance

REPORTING = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DISTRICT, Role.ENTERPRISE})


def _who_uses_it(substance: Substance, user: User) -> dict[str, Any] | None:
    """The substance page's inventory panel: by industry and district, suppressed below three enterprises."""
    if not user.is_authenticated or user.role not in (Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT):
        return None
    campaign = Campaign.objects.order_by("-year").first()
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "by_industry": inventory(campaign=campaign, by="industry", user=user, substance=substance),
        "by_district": inventory(campaign=campaign, by="district", user=user, substance=substance),
    }


def _key_discharge_suggestion(enterprise: Enterprise, user: User) -> dict[str, Any] | None:
    """The enterprise page's rule-derived key-discharge-unit suggestion, for the bureau and districts."""
    if not user.is_authenticated or user.role not in (Role.SYSADMIN, Role.BUREAU, Role.DISTRICT):
        return None
    evidence = key_discharge_evidence(enterprise)
    if not evidence and not enterprise.key_discharge_unit:
        return None
    return {"enterprise": enterprise, "evidence": evidence}


def register() -> None:
    """Called once from SurveysConfig.ready()."""
    registry.add_nav(
        NavItem("survey", _("Survey campaigns"), "surveys:campaign_list", "clipboard-check", 20, roles=REPORTING)
    )
    registry.add_nav(
        NavItem("survey", _("Submissions and review"), "surveys:submission_list", "inboxes", 30, roles=REPORTING)
    )
    registry.add_nav(
        NavItem(
            "survey",
            _("My review queue"),
            "surveys:review_queue",
            "hourglass",
            35,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DISTRICT}),
        )  # fmt: skip
    )
    registry.add_nav(
        NavItem(
            "survey",
            _("Key chemical substance database"),
            "surveys:inventory",
            "database",
            40,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT}),
        )
    )
    # The pages the panels appear on, by app label: this app does not import the other apps' models.
    registry.add_panel(
        Panel(
            apps.get_model("substances", "Substance"),
            "inventory",
            _("Who uses it, how much"),
            "surveys/panels/inventory.html",
            _who_uses_it,
            order=20,
        )
    )
    registry.add_panel(
        Panel(
            apps.get_model("enterprises", "Enterprise"),
            "key_discharge",
            _("Key discharge unit: rule-derived suggestion"),
            "surveys/panels/key_discharge.html",
            _key_discharge_suggestion,
            order=30,
        )
    )
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "survey-demo",
            "survey demo",
            "npgov.surveys.demo.create_survey_demo",
            order=960,
            demo_only=True,
        )
    )
