"""Menu items, the substance page's list-membership panel, and the list-loading data step."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import DashboardCard, DataStep, KeyFigure, NavItem, Panel, registry
from npgov.substances.models import Substance

registry.add_nav(NavItem("screen", _("Regulatory lists"), "regulations:list_index", "journal-text", 20))
registry.add_nav(NavItem("screen", _("Classify chemicals"), "regulations:classify", "funnel", 30))


def _membership_panel(substance: Substance, user: Any) -> dict[str, Any]:
    from npgov.regulations.services.classification import classify_substance
    from npgov.science.chemistry import StructureError, structure_from_text
    from npgov.science.grouprules import is_oecd_pfas

    try:
        pfas = bool(substance.smiles) and is_oecd_pfas(structure_from_text(substance.smiles).mol)
    except StructureError:
        pfas = False
    return {"substance": substance, "matches": classify_substance(substance), "is_pfas": pfas}


registry.add_panel(
    Panel(Substance, "lists", _("List memberships"), "regulations/panels/memberships.html", _membership_panel, order=10)
)


def _load_lists() -> str:
    from npgov.regulations.services.loading import members_link_substances, regulations_load

    outcomes = regulations_load()
    linked = members_link_substances()
    return ", ".join(f"{o.code} r{o.revision} {o.status}" for o in outcomes) + f"; members linked: {linked}"


registry.add_data_step(DataStep("regulations", "regulatory lists", _load_lists, order=30))


def _registry_card(user: Any) -> dict[str, Any]:
    from npgov.regulations.models import ListEntry, RegulatoryList

    lists = RegulatoryList.objects.restrict(user, "view").filter(is_current=True)
    return {
        "substances": Substance.objects.restrict(user, "view").count(),
        "lists": lists.count(),
        "entries": ListEntry.objects.restrict(user, "view").filter(regulatory_list__in=lists).count(),
    }


registry.add_card(DashboardCard("registry", "regulations/cards/registry.html", _registry_card, order=10))


def _current_entries(year: int) -> int:
    from npgov.regulations.models import ListEntry

    return ListEntry.objects.filter(regulatory_list__is_current=True).count()


registry.add_figure(
    KeyFigure("registry-substances", _("Substances in the registry"), lambda year: Substance.objects.count(), 10)
)
registry.add_figure(KeyFigure("list-entries", _("Entries of the loaded regulatory lists"), _current_entries, 20))
