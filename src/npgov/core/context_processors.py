"""Template context shared by every page: the menu for the user's role, the map tile settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from npgov.core.registry import NavItem, registry
from npgov.core.types import AnyUser


def _item_visible(item: NavItem, user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if item.roles is not None and not (user.is_superuser or user.role in item.roles):
        return False
    return item.visible is None or item.visible(user)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    menu = []
    # The active item is the one whose URL is the longest prefix of the path (/regulations/ vs /regulations/classify/).
    urls = []
    for item in registry.nav:
        try:
            urls.append(reverse(item.url_name))
        except NoReverseMatch:
            continue
    active_url = max((u for u in urls if request.path.startswith(u)), key=len, default=None)
    for section in sorted(registry.sections.values(), key=lambda s: s.order):
        items = []
        for item in sorted((i for i in registry.nav if i.section == section.key), key=lambda i: i.order):
            if not _item_visible(item, user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": url == active_url})
        if items:
            menu.append({"key": section.key, "label": section.label, "icon": section.icon, "items": items,
                         "active": any(i["active"] for i in items)})  # fmt: skip
    return {
        "nav_menu": menu,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
