"""Menus, datasets and demo steps of the science articles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.registry import DataStep, NavItem, registry
from npgov.portal.opendata import Dataset, register_dataset


def _rows() -> list[dict[str, str]]:
    from npgov.portal.articles.selectors import published_article_rows  # models load after the apps registry

    return published_article_rows()


def register() -> None:
    registry.add_nav(NavItem("portal", _("Science articles"), "portal:article_manage", "journal-text", 60,
                             roles=ALL_ACCESS_ROLES))  # fmt: skip
    register_dataset(
        Dataset(
            key="science-articles",
            title=_("Science articles"),
            description=_(
                "One row per published science article: title, category, summary, publication time and "
                "its address on the portal."
            ),  # fmt: skip
            columns=(
                ("title", _("title")),
                ("category", _("category")),
                ("summary", _("summary")),
                ("published_at", _("published at")),
                ("url", _("address")),
            ),
            rows=_rows,
            page_url_name="portal:article_list",
            order=90,
        )
    )
    registry.add_data_step(
        DataStep(
            "portal-articles-demo",
            "science articles demo",
            "npgov.portal.articles.demo.load",
            order=995,
            demo_only=True,
        )  # fmt: skip
    )
