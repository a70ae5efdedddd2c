"""Menu items, the substance page's list-membership panel, and the list-loading data step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from npgov.core.models import User
from npgov.core.registry import DashboardCard, DataStep, KeyFigure, NavItem, Panel, registry
from npgov.regulations.models import ListEntry, RegulatoryList
from npgov.regulations.services.loading import members_link_substances, regulations_load
from npgov.substances.selectors import substance_count, substance_visible

if TYPE_CHECKING:
    from npgov.substances.models import Substance


def _membership_panel(substance: Substance, user: User) -> dict[str, Any]:
    # Imported here: classification needs RDKit, which the substance page loads, not every start-up.
    from npgov.regulations.services.classification import classify_substance
    from npgov.science.chemistry import StructureError, structure_from_text
    from npgov.science.grouprules import is_oecd_pfas

    try:
        pfas = bool(substance.smiles) and is_oecd_pfas(structure_from_text(substance.smiles).mol)
    except StructureError:
        pfas = False
    return {"substance": substance, "matches": classify_substance(substance), "is_pfas": pfas}


def _load_lists() -> str:
    outcomes = regulations_load()
    linked = members_link_substances()
    return ", ".join(f"{o.code} r{o.revision} {o.status}" for o in outcomes) + f"; members linked: {linked}"


def _registry_card(user: User) -> dict[str, Any]:
    lists = RegulatoryList.objects.restrict(user, "view").filter(is_current=True)
    return {
        "substances": substance_visible(user=user).count(),
        "lists": lists.count(),
        "entries": ListEntry.objects.restrict(user, "view").filter(regulatory_list__in=lists).count(),
    }


def _current_entries(year: int) -> int:
    return ListEntry.objects.filter(regulatory_list__is_current=True).count()


def _registry_substances(year: int) -> int:
    return substance_count()


def register() -> None:
    """Called once from RegulationsConfig.ready()."""
    registry.add_nav(NavItem("screen", _("Regulatory lists"), "regulations:list_index", "journal-text", 20))
    registry.add_nav(NavItem("screen", _("Classify chemicals"), "regulations:classify", "funnel", 30))
    substance_model = apps.get_model("substances", "Substance")  # the panel's page; no import of its models
    registry.add_panel(
        Panel(
            substance_model, "lists", _("List memberships"), "regulations/panels/memberships.html", _membership_panel,
            order=10,
        )
    )  # fmt: skip
    registry.add_data_step(DataStep("regulations", "regulatory lists", _load_lists, order=30))
    registry.add_card(DashboardCard("registry", "regulations/cards/registry.html", _registry_card, order=10))
    registry.add_figure(KeyFigure("registry-substances", _("Substances in the registry"), _registry_substances, 10))
    registry.add_figure(KeyFigure("list-entries", _("Entries of the loaded regulatory lists"), _current_entries, 20))
