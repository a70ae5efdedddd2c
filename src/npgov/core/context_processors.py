"""Template context shared by every page: the menu for the user's role, the map tile settings.

A menu item is shown only when its page would open for the user (issue: no menu item leads to a 403).
The page itself answers: a list view (``ObjectListView``) opens when ``can(user, model, "view")``, an
add or import view when ``can(user, model, "add")``; any other view may say so with a ``may_open(user)``
attribute (a function view's attribute, or a class view's static/class method). The NavItem's ``roles``
and ``visible`` narrow further; a view without any of these is shown to whoever the NavItem's roles allow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from npgov.core.permissions import can
from npgov.core.registry import NavItem, registry
from npgov.core.types import AnyUser


def view_may_open(view: Callable[..., Any], user: AnyUser) -> bool:
    """Whether the (argument-less) page served by ``view`` opens for ``user``, as far as the view can tell."""
    # Imported here: the generic views import forms and tables, which the settings-time import must not need.
    from npgov.core.views.generic import BulkImportView, ObjectEditView, ObjectListView

    view_class = getattr(view, "view_class", None)
    check = getattr(view_class, "may_open", None) or getattr(view, "may_open", None)
    if callable(check):
        return bool(check(user))
    if isinstance(view_class, type) and hasattr(view_class, "queryset"):
        model = view_class.queryset.model
        if issubclass(view_class, ObjectListView):
            return can(user, model, "view")
        if issubclass(view_class, (BulkImportView, ObjectEditView)):
            return can(user, model, "add")
    return True


def url_may_open(url: str, user: AnyUser) -> bool:
    """``view_may_open`` for a URL of the site (True when the URL is not one of ours)."""
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    return view_may_open(match.func, user)


def _item_visible(item: NavItem, user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if item.roles is not None and not (user.is_superuser or user.role in item.roles):
        return False
    return item.visible is None or item.visible(user)


def once_per_request(request: HttpRequest, name: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``compute()`` once per request: a template rendered inside the page (django-tables2's table renders its
    own template with the request) runs every context processor again, and the menu alone costs ~10 ms."""
    computed: dict[str, dict[str, Any]] = request.__dict__.setdefault("_npgov_context", {})
    if name not in computed:
        computed[name] = compute()
    return computed[name]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return once_per_request(request, "navigation", lambda: _navigation(request))


def _navigation(request: HttpRequest) -> dict[str, Any]:
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
            if not url_may_open(url, user):
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
