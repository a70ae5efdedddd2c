"""The notification centre: the user's own notifications, marking them read, and preferences by kind."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npgov.core.types import SignedInRequest
from npgov.notifications import selectors, services
from npgov.notifications.choices import NotificationKind

PAGE_SIZE = 25


def notification_list(request: SignedInRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in NotificationKind.values else ""
    unread = request.GET.get("unread") == "1"
    rows = selectors.notifications_of(user=request.user, kind=kind, unread=unread)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{name}={value}" for name, value in (("kind", kind), ("unread", "1" if unread else "")) if value)
    return render(request, "notifications/list.html", {
        "page": page, "kind": kind,
        "kinds": [(value, label) for value, label in NotificationKind.choices
                  if value == kind or selectors.kind_concerns(request.user, value)], "unread": unread, "query": query,
        "total_unread": selectors.unread_count(user=request.user),
    })  # fmt: skip


@require_POST
def notification_read(request: SignedInRequest) -> HttpResponse:
    """Mark one notification (``pk``) or all of the user's (``all``) read; ``open`` goes on to its page."""
    pk = request.POST.get("pk", "")
    if request.POST.get("all"):
        count = services.mark_read(user=request.user)
        messages.success(request, _("%(n)s notifications marked as read.") % {"n": count})
    elif pk.isdigit():
        services.mark_read(user=request.user, ids=[int(pk)])
        if request.POST.get("open"):
            target = selectors.notifications_of(user=request.user).filter(pk=int(pk)).values_list("url", flat=True)
            url = next(iter(target), "")
            if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
                return redirect(url)
    following = request.POST.get("next", "")
    if following and url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
        return redirect(following)
    return redirect(reverse("notifications:list"))


def notification_preferences(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        shown = [kind for kind, *_rest in selectors.preference_rows(user=request.user)]  # only what the form had
        choices = {
            kind: (request.POST.get(f"{kind}-in_app") == "on", request.POST.get(f"{kind}-email") == "on")
            for kind in shown
        }
        services.preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect(reverse("notifications:preferences"))
    return render(request, "notifications/preferences.html", {
        "rows": selectors.preference_rows(user=request.user),
        "email_enabled": services.email_enabled(), "has_email": bool(request.user.email),
    })  # fmt: skip
