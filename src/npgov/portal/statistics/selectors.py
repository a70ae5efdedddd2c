"""What the portal's statistics and information pages read: public aggregates only, the same for every visitor.

Monitoring statistics come from ``monitoring.selectors``' public aggregates (every public site, no user); lists
from ``regulations.selectors`` (current, verified) and ``risk.selectors`` (published local priority lists); the
inventory from ``surveys.selectors.inventory`` in its protected mode (an aggregate over fewer than
MIN_ENTERPRISES enterprises is suppressed); work-plan progress from ``workplan.selectors`` at the level the bureau
publishes (PortalSettings).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.monitoring import selectors as monitoring
from npgov.portal.public.models import PortalSettings
from npgov.portal.statistics import plain
from npgov.regulations import selectors as regulations
from npgov.regulations.choices import ListKind
from npgov.risk import selectors as risk
from npgov.substances.selectors import substance_list, substance_search
from npgov.surveys import selectors as surveys
from npgov.workplan import selectors as workplan

MIN_ENTERPRISES = surveys.MIN_ENTERPRISES
INVENTORY_GROUPS = ("industry", "district")


# --- lists -----------------------------------------------------------------------------------------------------
def public_list_ids() -> list[int]:
    """The lists the portal shows: current verified national lists and the published local priority lists."""
    return list(public_lists().values_list("pk", flat=True))


def public_lists() -> QuerySet[Any]:
    return regulations.public_lists(local_list_ids=risk.published_priority_list_ids())


def public_list_get(pk: int) -> Any | None:
    return public_lists().filter(pk=pk).first()


def list_groups() -> list[dict[str, Any]]:
    """The public lists in two groups: national and international lists, and the city's local priority lists."""
    lists = list(public_lists())
    return [
        {"key": "national", "title": _("National lists and conventions"),
         "lists": [x for x in lists if x.kind != ListKind.LOCAL_PRIORITY]},
        {"key": "local", "title": _("Local priority lists published by the city"),
         "lists": [x for x in lists if x.kind == ListKind.LOCAL_PRIORITY]},
    ]  # fmt: skip


def listed_substances(*, text: str = "") -> QuerySet[Any]:
    """The substances that have a card: named by a verified member of a public list; searchable."""
    ids = regulations.public_listed_substance_ids(list_ids=public_list_ids())
    return substance_search(queryset=substance_list(ids=ids), text=text).order_by("name_zh", "pk")


def listed_substance_get(pk: int) -> Any | None:
    """The substance if it is on a public list (else None: no card)."""
    return listed_substances().filter(pk=pk).first()


# --- inventory: aggregates of accepted survey data, suppressed below MIN_ENTERPRISES ---------------------------
def _latest_campaigns() -> list[Any]:
    """The survey campaigns of the latest reporting year with accepted reports (one per city)."""
    year = surveys.accepted_latest_year()
    if year is None:
        return []
    lines = surveys.accepted_lines(year=year)
    campaign_ids = sorted(set(lines.order_by().values_list("submission__campaign_id", flat=True).distinct()))
    campaigns = []
    for campaign_id in campaign_ids:
        line = lines.filter(submission__campaign_id=campaign_id).select_related("submission__campaign").first()
        if line is not None:
            campaigns.append(line.submission.campaign)
    return campaigns


def public_inventory_row(row: Any, *, suppressed: bool = False) -> dict[str, Any]:
    """An inventory row as the public may see it: a suppressed row carries no number at all (not even its count)."""
    if suppressed or row.suppressed or row.enterprises < MIN_ENTERPRISES:
        return {"label": row.label, "suppressed": True, "enterprises": None, "quantity_t": None,
                "release_air_kg": None, "release_water_kg": None, "release_soil_kg": None}  # fmt: skip
    return {"label": row.label, "suppressed": False, "enterprises": row.enterprises, **row.values}


def suppress_complement(rows: list[Any]) -> set[int]:
    """Indexes of the rows to hide so that no hidden value can be worked out by subtraction.

    Primary: every group of fewer than MIN_ENTERPRISES enterprises. Secondary: the whole of a grouping is known
    (the other grouping of the same data adds up to it), so the hidden rows together are known too; they must
    then be at least two rows covering at least MIN_ENTERPRISES enterprises, else the next smallest shown rows
    are hidden as well.
    """
    hidden = {i for i, row in enumerate(rows) if row.suppressed or row.enterprises < MIN_ENTERPRISES}
    if not hidden:
        return hidden
    shown = sorted((i for i in range(len(rows)) if i not in hidden), key=lambda i: (rows[i].enterprises, i))
    while shown and (len(hidden) < 2 or sum(rows[i].enterprises for i in hidden) < MIN_ENTERPRISES):
        hidden.add(shown.pop(0))
    return hidden


def substance_inventory(*, substance: Any) -> list[dict[str, Any]]:
    """Per campaign (latest year) and grouping (industry, district): the public inventory rows of the substance."""
    blocks = []
    anonymous = AnonymousUser()
    for campaign in _latest_campaigns():
        for by in INVENTORY_GROUPS:
            rows = surveys.inventory(campaign=campaign, by=by, user=anonymous, substance=substance)
            hidden = suppress_complement(rows)
            public = [public_inventory_row(r, suppressed=i in hidden) for i, r in enumerate(rows)]
            blocks.append({"campaign": campaign, "by": by, "rows": public})
    return blocks


# --- substance cards ------------------------------------------------------------------------------------------
def substance_card(*, substance: Any) -> dict[str, Any]:
    list_ids = public_list_ids()
    memberships = regulations.public_memberships(substance_id=substance.pk, list_ids=list_ids)
    monitoring_data = monitoring.public_substance_monitoring(substance_id=substance.pk)
    exempt_uses = sorted({
        use["use"] for entry in memberships for measure in getattr(entry, "public_measures", [])
        for use in plain.verified_exempt_uses(measure.exempt_uses)
    })  # fmt: skip
    return {
        "substance": substance,
        "synonyms": [s.strip() for s in substance.synonyms.replace("|", "\n").splitlines() if s.strip()][:10],
        "memberships": memberships,
        "priority": risk.published_priority_items(substance_id=substance.pk),
        "hazards": risk.public_hazard_flags(substance=substance),
        "exempt_uses": exempt_uses,
        "monitoring": monitoring_data,
        "inventory": substance_inventory(substance=substance),
        "articles": articles_for(substance.pk),
    }


def articles_for(substance_id: int) -> list[Any]:
    """Published science articles about the substance (none if the articles area is not installed)."""
    try:
        from npgov.portal.articles.selectors import published_articles_for_substance  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the articles area ships with the portal
        return []
    return list(published_articles_for_substance(substance_id, limit=5))


# --- work plan ------------------------------------------------------------------------------------------------
def workplan_level() -> str:
    return PortalSettings.current().workplan_level


def progress(*, level: str | None = None, year: int | None = None) -> dict[str, Any]:
    """The work plan's progress at the published level (nothing when hidden)."""
    level = level or workplan_level()
    year = year or timezone.localdate().year
    if level == PortalSettings.WorkplanLevel.HIDDEN:
        return {"level": level, "year": year, "plans": []}
    plans = workplan.public_progress(
        year=year,
        with_tasks=level in (PortalSettings.WorkplanLevel.TASKS, PortalSettings.WorkplanLevel.KPIS),
        with_kpis=level == PortalSettings.WorkplanLevel.KPIS,
    )
    return {"level": level, "year": year, "plans": plans}


# --- the portal home's figures (P1 shows them) -----------------------------------------------------------------
def home_figures() -> list[dict[str, Any]]:
    """Key public figures for the portal home: listed substances, local priority lists, sites, results, progress."""
    groups = list_groups()
    sites = monitoring.public_sites(filters=monitoring.PublicFilters())["sites"]
    figures: list[dict[str, Any]] = [
        {"key": "listed_substances", "label": _("Substances on the lists"), "value": listed_substances().count(),
         "url_name": "portal:substances"},
        {"key": "local_lists", "label": _("Local priority lists"), "value": len(groups[1]["lists"]),
         "url_name": "portal:lists"},
        {"key": "sites", "label": _("Monitoring sites"), "value": len(sites), "url_name": "portal:monitoring"},
        {"key": "results", "label": _("Monitoring results"), "value": sum(s["n"] for s in sites),
         "url_name": "portal:monitoring"},
    ]  # fmt: skip
    level = workplan_level()
    if level != PortalSettings.WorkplanLevel.HIDDEN:
        plans = workplan.public_progress(year=timezone.localdate().year)
        if plans:
            percent = round(sum(p["percent"] for p in plans) / len(plans))
            figures.append({"key": "progress", "label": _("Work-plan progress"), "value": f"{percent}%",
                            "url_name": "portal:progress"})  # fmt: skip
    return figures
