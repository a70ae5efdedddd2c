"""Menu items and reference-data steps of the substance registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import DataStep, NavItem, registry


def _load_substances() -> str:
    # Imported here: the loader parses structures with RDKit, which only this step needs, not every start-up.
    from npgov.substances.services import substances_load

    return str(substances_load())


def register() -> None:
    """Called once from SubstancesConfig.ready()."""
    registry.add_nav(NavItem("screen", _("Substance registry"), "substances:substance_list", "capsule", 10))
    registry.add_data_step(DataStep("substances", "substances", _load_substances, order=20))
