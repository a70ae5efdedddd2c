"""Menu items of product sampling, and the loading step of the content limits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, NavItem, registry

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})
# Enterprises read their own products' samples and their own checks; experts have no part in them.
SAMPLE_READERS = OFFICIALS | {Role.ENTERPRISE}


def register() -> None:
    registry.add_nav(NavItem("control", _("Product sampling"), "enforcement:product_sample_list", "bag-check", 80,
                             roles=SAMPLE_READERS))  # fmt: skip
    registry.add_nav(NavItem("control", _("Product content limits"), "enforcement:limit_list", "rulers", 82))
    registry.add_nav(NavItem("control", _("Product sampling trends"), "enforcement:product_trends", "graph-up", 84,
                             roles=OFFICIALS))  # fmt: skip
    # After the substances (20) and the regulatory lists (30): limits link registry substances.
    # By path: the loader's module (and the classification it uses) loads only when the step runs.
    registry.add_data_step(
        DataStep(
            "product-limits",
            "product categories and content limits",
            "npgov.enforcement.products.services.product_limits_load_summary",
            order=35,
        )
    )
