"""What the portal contributes to the shared pages: the public home at "/", menus, workspace widgets, demo data.

Each area (public pages, statistics, disclosures, complaints, articles) registers its own part in its
``registration.py``.
"""

from __future__ import annotations

from npgov.portal.articles import registration as articles
from npgov.portal.complaints import registration as complaints
from npgov.portal.disclosures import registration as disclosures
from npgov.portal.public import registration as public
from npgov.portal.statistics import registration as statistics


def register() -> None:
    for area in (public, statistics, disclosures, complaints, articles):
        area.register()
