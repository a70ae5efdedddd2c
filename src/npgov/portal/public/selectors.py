"""Reads of the portal's home page: key public figures, latest draws, cases and articles.

Everything here is public by nature or published; every function costs a bounded number of queries.
Other portal areas are read through their selectors, imported when they exist (the areas are built side
by side), so the home page works whichever areas are installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from npgov.enforcement.inspections import selectors as inspections
from npgov.regulations.choices import ListKind
from npgov.regulations.selectors import regulatory_list_all, substances_listed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HOME_ITEMS = 5  # latest draws, cases and articles on the home page


@dataclass(frozen=True)
class Figure:
    key: str
    label: StrOrPromise
    value: Any
    url_name: str | None = None  # the portal page that explains the figure


def _optional(path: str) -> Any:
    """A function of another portal area, or None while that area does not provide it."""
    try:
        return import_string(path)
    except ImportError:
        return None


def _base_figures() -> list[Figure]:
    national = regulatory_list_all().exclude(kind=ListKind.LOCAL_PRIORITY).count()
    return [
        Figure("national_lists", _("national and provincial lists in force"), national, "portal:lists"),
        Figure("listed_substances", _("substances named on the lists"), substances_listed().count(), "portal:lists"),
    ]


def home_figures() -> list[Figure]:
    """The key figures: the statistics area's (lists, monitoring, plan progress) when it provides them, then
    the draws and cases published."""
    figures: list[Figure] = []
    provided = _optional("npgov.portal.statistics.selectors.home_figures")
    if provided is not None:
        for item in provided():
            raw = item if isinstance(item, dict) else vars(item)
            figures.append(Figure(str(raw["key"]), raw["label"], raw["value"], raw.get("url_name")))
    else:
        figures = _base_figures()
    counts = inspections.public_counts()
    figures.append(Figure("draws", _("random inspection draws published"), counts["draws"], "enforcement:public_draws"))
    figures.append(Figure("cases", _("enforcement cases published"), counts["cases"], "enforcement:public_cases"))
    return figures


def latest_draws(limit: int = HOME_ITEMS) -> list[Any]:
    return list(inspections.public_draws()[:limit])


def latest_cases(limit: int = HOME_ITEMS) -> list[Any]:
    return list(inspections.public_cases()[:limit])


def latest_articles(limit: int = HOME_ITEMS) -> list[Any]:
    published = _optional("npgov.portal.articles.selectors.published_articles")
    return [] if published is None else list(published(limit=limit))
