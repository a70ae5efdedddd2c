"""Menu item of import/export checks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import NavItem, registry
from npgov.enforcement.products.navigation import SAMPLE_READERS


def register() -> None:
    registry.add_nav(NavItem("control", _("Import/export checks"), "enforcement:trade_check_list", "box-seam", 86,
                             roles=SAMPLE_READERS))  # fmt: skip
