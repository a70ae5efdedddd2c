"""Menu items of product sampling and import/export checks, and the loading step of the content limits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, NavItem, registry

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})
# Enterprises read their own products' samples and their own checks; experts have no part in them.
SAMPLE_READERS = OFFICIALS | {Role.ENTERPRISE}

registry.add_nav(
    NavItem("control", _("Product sampling"), "enforcement:product_sample_list", "bag-check", 80, roles=SAMPLE_READERS)
)
registry.add_nav(NavItem("control", _("Product content limits"), "enforcement:limit_list", "rulers", 82))
registry.add_nav(
    NavItem("control", _("Product sampling trends"), "enforcement:product_trends", "graph-up", 84, roles=OFFICIALS)
)
registry.add_nav(
    NavItem("control", _("Import/export checks"), "enforcement:trade_check_list", "box-seam", 86, roles=SAMPLE_READERS)
)


def _load_limits() -> str:
    from npgov.enforcement.services_products import product_limits_load

    return " ".join(f"{k}={v}" for k, v in product_limits_load().items())


# After the substances (20) and the regulatory lists (30): limits link registry substances.
registry.add_data_step(DataStep("product-limits", "product categories and content limits", _load_limits, order=35))
