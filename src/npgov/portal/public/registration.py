"""The public shell's contributions: "/" for visitors, the signed-in menu section, datasets, cache invalidation."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import NavItem, NavSection, registry
from npgov.portal.public import datasets, receivers

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def _public_home(request: HttpRequest) -> HttpResponse:
    """The portal's home for "/" (the views, and what they import, load with the first request, not at start)."""
    from npgov.portal.public.views import home

    return cast("HttpResponse", home(request))


def register() -> None:
    registry.public_home = _public_home
    registry.add_section(NavSection("portal", _("Public portal and disclosure"), "globe", 95))
    registry.add_nav(NavItem("portal", _("Public portal"), "portal:home", "house", 10))
    registry.add_nav(NavItem("portal", _("Open data"), "portal:opendata", "download", 90))
    datasets.register()
    receivers.connect()
