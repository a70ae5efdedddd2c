"""The home page, the user's workspace (工作台): their own work first, then the overview cards.

Apps register the workspace's widgets (``WorkWidget``) and the dashboard's cards (``DashboardCard``) in
``core.registry``; each widget lists only what the signed-in user has to do or read, overdue items first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.registry import WorkItem, registry
from npgov.core.types import SignedInRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from npgov.core.models import User

# Cards about the whole city's organisation: the bureau's overview, not the work of other roles.
OVERVIEW_CARDS = frozenset({"organisation"})


@dataclass(frozen=True)
class ShownItem:
    item: WorkItem
    overdue: bool


@dataclass(frozen=True)
class ShownWidget:
    key: str
    title: StrOrPromise
    icon: str
    items: list[ShownItem]
    total: int
    more: int  # items not shown
    more_url: str | None
    overdue: int  # overdue among the items shown


def _order(item: WorkItem, today: date) -> tuple[bool, bool, date]:
    """Overdue first, then by due date, undated last (a stable sort keeps the widget's order otherwise)."""
    return (not item.overdue(today), item.due is None, item.due or date.max)


def workspace_widgets(user: User, today: date) -> list[ShownWidget]:
    """The user's widgets with their items, in registry order, the empty ones last; a widget returning None is
    left out."""
    shown = []
    for widget in registry.widgets_for(user):
        work = widget.items(user, today)
        if work is None:
            continue
        items = [ShownItem(item, item.overdue(today)) for item in sorted(work.items, key=lambda i: _order(i, today))]
        total = max(work.total, len(items))
        shown.append(
            ShownWidget(
                key=widget.key,
                title=widget.title,
                icon=widget.icon,
                items=items,
                total=total,
                more=total - len(items),
                more_url=work.more_url,
                overdue=sum(1 for i in items if i.overdue),
            )
        )
    # Widgets with something in them lead; the empty ones follow, still in registry order among themselves.
    shown.sort(key=lambda w: not w.items)
    return shown


def _sees_overview(user: User) -> bool:
    return user.is_superuser or user.role in ALL_ACCESS_ROLES


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The workspace for a signed-in user; for a visitor, the public portal's home (or the login page)."""
    if not request.user.is_authenticated:
        if registry.public_home is not None:
            return registry.public_home(request)
        return redirect_to_login(request.get_full_path())
    return _workspace(cast(SignedInRequest, request))


def _workspace(request: SignedInRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    widgets = workspace_widgets(user, today)
    cards: list[dict[str, Any]] = []
    for card in sorted(registry.cards, key=lambda c: c.order):
        if card.key in OVERVIEW_CARDS and not _sees_overview(user):
            continue
        context = card.context(user)
        if context is not None:
            cards.append({"template": card.template, "context": context})
    return render(
        request,
        "core/home.html",
        {
            "widgets": widgets,
            "cards": cards,
            "today": today,
            "overdue_total": sum(w.overdue for w in widgets),
        },
    )
