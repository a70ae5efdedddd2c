"""The portal's statistics and information pages: monitoring, lists and measures, substance cards, progress.

Every GET page is public (no sign-in), the same for every visitor and served from the page cache
(``@public_page``); only the bureau's settings page is signed in.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.pagecache import public_page
from npgov.core.selectors import history_entries
from npgov.core.types import SignedInRequest
from npgov.monitoring import selectors as monitoring
from npgov.monitoring.choices import CANONICAL_UNIT
from npgov.portal.public.models import PortalSettings
from npgov.portal.statistics import plain, selectors, services
from npgov.portal.statistics.forms import PortalSettingsForm
from npgov.substances.selectors import substance_list

SUBSTANCES_PER_PAGE = 30
ENTRIES_PER_PAGE = 10
BY_SUBSTANCE_ROWS = 50


# --- monitoring ---------------------------------------------------------------------------------------------------
@login_not_required
@require_GET
@public_page
def monitoring_page(request: HttpRequest) -> HttpResponse:
    filters = monitoring.PublicFilters.from_query(request.GET)
    substances = substance_list(ids=monitoring.public_substance_ids()).order_by("name_zh", "pk")
    substance = next((s for s in substances if s.pk == filters.substance_id), None)
    if filters.substance_id and substance is None:
        filters = monitoring.PublicFilters(filters.district, filters.kind, None, filters.year)
    sites = monitoring.public_sites(filters=filters)
    by_substance = monitoring.public_by_substance(filters=filters)
    context = {
        "filters": filters, "query": filters.as_query(), "substance": substance, "substances": substances,
        "districts": monitoring.public_districts(), "kinds": monitoring.public_site_kinds(),
        "years": monitoring.public_years(),
        "by_district": monitoring.public_group_counts(filters=filters, group="district"),
        "by_kind": monitoring.public_group_counts(filters=filters, group="kind"),
        "by_substance": by_substance[:BY_SUBSTANCE_ROWS],
        "by_substance_more": max(0, len(by_substance) - BY_SUBSTANCE_ROWS),
        "matrix_unit": sites["unit"], "map_data": _map_data(sites, filters),
        "trend": _trend_data(monitoring.public_yearly(filters=filters), unit=sites["unit"]),
    }  # fmt: skip
    return render(request, "portal/statistics/monitoring.html", context)


def _map_data(sites: dict[str, Any], filters: monitoring.PublicFilters) -> dict[str, Any]:
    return {
        "sites": [
            {"code": s["code"], "name": s["name"], "kind": s["kind"], "district": s["district"],
             "district_code": s["district_code"], "lat": s["lat"], "lon": s["lon"], "n": s["n"],
             "df": s["detection_frequency"], "km": s["km_mean"]}
            for s in sites["sites"]
        ],
        "unit": sites["unit"], "by_substance": bool(filters.substance_id),
        "labels": {"results": _("results"), "df": _("detection frequency"), "km": _("KM mean"),
                   "none": _("no results"), "district": _("This district's summary"),
                   "legend": _("Share of results with a detect"), "sites": _("monitoring site")},
    }  # fmt: skip


def _trend_data(rows: list[dict[str, Any]], *, unit: str) -> dict[str, Any]:
    return {
        "years": [str(r["year"]) for r in rows],
        "df": [None if r["detection_frequency"] is None else round(100 * r["detection_frequency"], 1) for r in rows],
        "km": [r["km_mean"] for r in rows], "n": [r["n"] for r in rows], "unit": unit,
        "labels": {"df": _("detection frequency (%)"), "km": _("KM mean"), "n": _("results")},
    }  # fmt: skip


@login_not_required
@require_GET
@public_page
def monitoring_substance(request: HttpRequest, pk: int) -> HttpResponse:
    if pk not in set(monitoring.public_substance_ids()):
        raise Http404
    substance = substance_list(ids=[pk]).first()
    if substance is None:
        raise Http404
    base = monitoring.PublicFilters.from_query(request.GET)
    filters = monitoring.PublicFilters(base.district, base.kind, pk, base.year)
    sites = monitoring.public_sites(filters=filters)
    context = {
        "substance": substance, "filters": filters, "query": filters.as_query(),
        "data": monitoring.public_substance_monitoring(substance_id=pk, filters=filters),
        "districts": monitoring.public_districts(), "kinds": monitoring.public_site_kinds(),
        "years": monitoring.public_years(), "map_data": _map_data(sites, filters),
        "trend": _trend_data(monitoring.public_yearly(filters=filters), unit=sites["unit"]),
        "has_card": selectors.listed_substance_get(pk) is not None,
    }  # fmt: skip
    return render(request, "portal/statistics/monitoring_substance.html", context)


# --- lists --------------------------------------------------------------------------------------------------------
@login_not_required
@require_GET
@public_page
def lists(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/statistics/lists.html", {"groups": selectors.list_groups()})


@login_not_required
@require_GET
@public_page
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulatory_list = selectors.public_list_get(pk)
    if regulatory_list is None:
        raise Http404
    entries_all = selectors.regulations.public_list_entries(regulatory_list=regulatory_list)
    page = Paginator(entries_all, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    card_ids = set(selectors.listed_substances().values_list("pk", flat=True))
    entries = [
        {"entry": entry,
         "members": [{"member": m, "card": m.substance_id in card_ids} for m in getattr(entry, "public_members", [])],
         "measures": [plain.measure_row(m) for m in getattr(entry, "public_measures", [])]}
        for entry in page.object_list
    ]  # fmt: skip
    return render(request, "portal/statistics/list_detail.html", {
        "list": regulatory_list, "page": page, "entries": entries,
        "withheld": selectors.regulations.public_withheld_counts(regulatory_list=regulatory_list),
    })  # fmt: skip


# --- substances ---------------------------------------------------------------------------------------------------
@login_not_required
@require_GET
@public_page
def substances(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    page = Paginator(selectors.listed_substances(text=text), SUBSTANCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/statistics/substances.html", {
        "page": page, "q": text, "query": urlencode({"q": text}) if text else "",
    })  # fmt: skip


@login_not_required
@require_GET
@public_page
def substance_card(request: HttpRequest, pk: int) -> HttpResponse:
    substance = selectors.listed_substance_get(pk)
    if substance is None:  # a card only for a substance on a public list
        raise Http404
    card = selectors.substance_card(substance=substance)
    for entry in card["memberships"]:
        entry.plain_measures = [plain.measure_row(m) for m in getattr(entry, "public_measures", [])]
    card["has_monitoring"] = bool(card["monitoring"]["blocks"])
    card["units"] = CANONICAL_UNIT
    return render(request, "portal/statistics/substance_card.html", card)


# --- work plan ----------------------------------------------------------------------------------------------------
@login_not_required
@require_GET
@public_page
def progress(request: HttpRequest) -> HttpResponse:
    data = selectors.progress()
    data["levels"] = PortalSettings.WorkplanLevel
    data["level_label"] = PortalSettings.WorkplanLevel(data["level"]).label
    return render(request, "portal/statistics/progress.html", data)


@require_http_methods(["GET", "POST"])
def settings_page(request: SignedInRequest) -> HttpResponse:
    """The bureau's choices of what the portal publishes (bureau and system administrators only)."""
    user = request.user
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied
    row = PortalSettings.current()
    form = PortalSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        services.portal_settings_save(workplan_level=form.cleaned_data["workplan_level"], user=user)
        messages.success(request, _("Saved. The portal shows the new choice now."))
        return redirect("portal:settings")
    return render(request, "portal/statistics/settings.html", {
        "form": form, "settings": row, "history": history_entries(obj=row, limit=20),
    })  # fmt: skip
