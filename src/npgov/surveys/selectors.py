"""The key chemical substance database (重点化学物质环境管理数据库): accepted survey data, aggregated.

The public read interface of the surveys app: other apps read survey data only through these functions
(``accepted_lines`` for accepted report lines, ``campaign_by_year``, ``submission_for`` …).

Enterprise quantities are confidential business information (DESIGN.md). Only the bureau sees
individual enterprises everywhere, and a district within its own district; for everyone else an
aggregate over fewer than MIN_ENTERPRISES enterprises is suppressed, and the by-enterprise view is
not offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.models import User
from npgov.surveys.choices import Activity, SubmissionStatus
from npgov.surveys.models import Campaign, Submission, SubmissionLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from npgov.enterprises.models import Enterprise
    from npgov.substances.models import Substance

MIN_ENTERPRISES = 3
VOLUMES_CACHE_SECONDS = 24 * 3600  # a stale stamp's entry is never read again: let it expire
GROUPS = {
    "substance": ("substance_id", "substance__cas", "substance__name_zh"),
    "industry": ("submission__enterprise__industry__code", "submission__enterprise__industry__name_zh"),
    "district": ("submission__enterprise__district__code", "submission__enterprise__district__name_zh"),
    "enterprise": ("submission__enterprise__uscc", "submission__enterprise__name"),
}
MEASURES = {
    "quantity_t": Sum("quantity_t"),
    "release_air_kg": Sum("release_air_kg"),
    "release_water_kg": Sum("release_water_kg"),
    "release_soil_kg": Sum("release_soil_kg"),
    "transfer_kg": Sum("transfer_kg"),
}


def review_queue(*, visible: QuerySet[Submission], status: str) -> QuerySet[Submission]:
    """The submissions in ``status`` among ``visible`` (the reviewer's restricted queryset), oldest first.

    The restriction is applied as an id subquery: the scope's DISTINCT would otherwise run over every column,
    the copy of record included, to count and page the queue. The copy of record is not loaded; the number of
    lines is counted in the same query (served by the status/submitted-at index).
    """
    ids = visible.filter(status=status).values("pk")
    return (
        Submission.objects.filter(pk__in=ids)
        .select_related("campaign", "enterprise__district")
        .defer("frozen")
        .annotate(line_count=Count("lines"))
        .order_by("submitted_at", "pk")
    )


def accepted_lines(
    *,
    year: int | None = None,
    campaign: Campaign | None = None,
    enterprise: Enterprise | None = None,
    enterprises: Iterable[Enterprise | int] | QuerySet[Enterprise] | None = None,
    substance: Substance | None = None,
) -> QuerySet[SubmissionLine]:
    """The lines of accepted survey reports, optionally of one reporting year, campaign, enterprise or substance.

    ``enterprises`` is an enterprise queryset or a list of enterprises or their ids.
    """
    lines = SubmissionLine.objects.filter(submission__status=SubmissionStatus.ACCEPTED)
    if year is not None:
        lines = lines.filter(submission__campaign__year=year)
    if campaign is not None:
        lines = lines.filter(submission__campaign=campaign)
    if enterprise is not None:
        lines = lines.filter(submission__enterprise=enterprise)
    if enterprises is not None:
        lines = lines.filter(submission__enterprise__in=enterprises)
    if substance is not None:
        lines = lines.filter(substance=substance)
    return lines


def accepted_latest_year() -> int | None:
    """The latest reporting year with an accepted survey report, if any.

    Asked of the survey rounds, newest first (a handful of rows), not of every survey line."""
    accepted = SubmissionLine.objects.filter(
        submission__campaign=OuterRef("pk"), submission__status=SubmissionStatus.ACCEPTED
    )
    return Campaign.objects.filter(Exists(accepted)).order_by("-year").values_list("year", flat=True).first()


class SubstanceVolume(NamedTuple):
    substance_id: int
    quantity_t: Decimal
    enterprises: int


def accepted_volumes(*, year: int) -> list[SubstanceVolume]:
    """Per substance: the accepted survey quantity of ``year`` summed over enterprises (t/a), and how many
    enterprises reported it (three-highs' high-volume criterion).

    The sum runs over every accepted line of the year (about 200 ms at 200,000 lines), so it is computed once
    per change of the year's accepted reports and kept in the cache the web processes share. An accepted report
    is final and its lines cannot change (``services.workflow``: only draft and returned reports are edited), so
    the year's accepted reports — how many, the largest id and the latest change — identify the data; the key
    moves on when a report is accepted or removed.
    """
    accepted = Submission.objects.filter(status=SubmissionStatus.ACCEPTED, campaign__year=year).aggregate(
        n=Count("pk"), last_pk=Max("pk"), last_change=Max("updated_at")
    )
    stamp = f"{accepted['n']}:{accepted['last_pk']}:{accepted['last_change'] and accepted['last_change'].isoformat()}"
    key = f"surveys:accepted-volumes:{year}:{stamp}"
    found = cache.get(key)
    if found is None:
        rows = (
            accepted_lines(year=year)
            .order_by()
            .values("substance")
            .annotate(total=Sum("quantity_t"), enterprises=Count("submission__enterprise_id", distinct=True))
        )
        found = [(row["substance"], str(row["total"]), row["enterprises"]) for row in rows]
        cache.set(key, found, timeout=VOLUMES_CACHE_SECONDS)
    return [SubstanceVolume(pk, Decimal(total), enterprises) for pk, total, enterprises in found]


class WaterRelease(NamedTuple):
    enterprise_id: int
    substance_id: int
    release_kg: Decimal


def accepted_water_releases(*, year: int) -> list[WaterRelease]:
    """Per enterprise and substance: the release to water of ``year``'s accepted reports (kg/a, summed over the
    activities it was reported under), where above zero; ordered, so that a digest of the list is stable.

    The input of the exposure estimates for unmonitored substances (``risk.runs``).
    """
    rows = (
        accepted_lines(year=year)
        .filter(release_water_kg__gt=0)
        .order_by()
        .values("submission__enterprise_id", "substance_id")
        .annotate(total=Sum("release_water_kg"))
        .order_by("substance_id", "submission__enterprise_id")
    )
    return [WaterRelease(row["submission__enterprise_id"], row["substance_id"], row["total"]) for row in rows]


def campaign_by_year(*, year: int, city_code: str) -> Campaign | None:
    """The survey round of this city (GB/T 2260 code) and reporting year."""
    return Campaign.objects.filter(year=year, city__code=city_code).first()


def submission_for(*, campaign: Campaign, enterprise: Enterprise) -> Submission | None:
    """The enterprise's report for this campaign, if it has started one."""
    return Submission.objects.filter(campaign=campaign, enterprise=enterprise).first()


@dataclass(frozen=True)
class InventoryRow:
    key: str
    label: str
    enterprises: int
    suppressed: bool
    values: dict[str, Decimal | None]


def sees_individual_data(user: User | AnonymousUser) -> bool:
    """The bureau everywhere; a district within its district (its queryset is already restricted)."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT)
    )


def inventory(
    *, campaign: Campaign, by: str, user: User | AnonymousUser, substance: Substance | None = None
) -> list[InventoryRow]:
    """Accepted quantities and releases grouped by substance, industry, district or enterprise."""
    if by not in GROUPS or (by == "enterprise" and not sees_individual_data(user)):
        raise ValueError(f"grouping {by!r} is not available")
    lines = accepted_lines(campaign=campaign)
    if user.is_authenticated and user.role == Role.DISTRICT:
        lines = lines.filter(submission__enterprise__district__in=user.district_scope_ids())
    if substance is not None:
        lines = lines.filter(substance=substance)
    fields = GROUPS[by]
    grouped = lines.values(*fields).annotate(enterprises=Count("submission__enterprise", distinct=True), **MEASURES)
    protect = not sees_individual_data(user)
    rows = []
    for group in grouped.order_by("-quantity_t"):
        suppressed = protect and group["enterprises"] < MIN_ENTERPRISES
        label = " ".join(str(group[f]) for f in fields[1:] if group[f]) or str(group[fields[0]])
        rows.append(
            InventoryRow(
                key=str(group[fields[0]]),
                label=label,
                enterprises=group["enterprises"],
                suppressed=suppressed,
                values={name: (None if suppressed else group[name]) for name in MEASURES},
            )
        )
    return rows


def key_discharge_evidence(enterprise: Enterprise) -> list[SubmissionLine]:
    """The lines of the enterprise's latest accepted report that make it a key discharge unit by rule.

    The rule is the Dalian plan's task (九): an enterprise that produces, processes or uses, or releases a
    substance on the key controlled new pollutants list (tier "key") is managed as a key discharge unit.
    """
    latest = (
        Submission.objects.filter(enterprise=enterprise, status=SubmissionStatus.ACCEPTED)
        .order_by("-campaign__year")
        .first()
    )
    if latest is None:
        return []
    return [line for line in latest.lines.select_related("substance") if is_key_discharge_line(line)]


class LineFacts(NamedTuple):
    """What the obligation rules read of a survey line, without the line and its substance as objects."""

    activity: str
    release_air_kg: Decimal
    release_water_kg: Decimal
    release_soil_kg: Decimal
    tiers: list[str]


def latest_line_facts(*, enterprises: QuerySet[Enterprise]) -> dict[int, list[LineFacts]]:
    """Enterprise id → the facts of the tiered lines (on some list) of its latest accepted report.

    Two queries and tuples only, for counts over a district's or the city's thousands of enterprises (the
    dashboard's obligation card); an enterprise whose latest report has no tiered line is absent.
    """
    accepted = Submission.objects.filter(status=SubmissionStatus.ACCEPTED, enterprise__in=enterprises)
    latest = dict(
        accepted.order_by()
        .values("enterprise_id")
        .annotate(year=Max("campaign__year"))
        .values_list("enterprise_id", "year")
    )
    lines = (
        accepted_lines(enterprises=enterprises)
        .exclude(tiers=[])
        .order_by()
        .values_list("submission__enterprise_id", "submission__campaign__year", *LineFacts._fields)
    )
    facts: dict[int, list[LineFacts]] = {}
    for enterprise_id, year, *values in lines.iterator(chunk_size=5000):
        if latest.get(enterprise_id) == year:
            facts.setdefault(enterprise_id, []).append(LineFacts(*values))
    return facts


def produces_uses_or_releases(line: SubmissionLine | LineFacts) -> bool:
    return (
        line.activity in (Activity.PRODUCTION, Activity.PROCESSING_USE)
        or line.release_air_kg + line.release_water_kg + line.release_soil_kg > 0
    )


def is_key_discharge_line(line: SubmissionLine | LineFacts) -> bool:
    """A line that makes its enterprise a key discharge unit: a key-controlled substance produced, used or released."""
    return "key" in line.tiers and produces_uses_or_releases(line)


def accepted_report_lines(*, enterprises: Iterable[Enterprise | int], years: Iterable[int]) -> QuerySet[SubmissionLine]:
    """The accepted report lines of these enterprises in these reporting years (for their annual disclosures).

    Each line comes with its substance; ``submission__enterprise_id`` and ``submission__campaign__year`` are
    loaded, so that many enterprises and years cost one query.
    """
    return (
        accepted_lines(enterprises=list(enterprises))
        .filter(submission__campaign__year__in=list(years))
        .select_related("substance", "submission__campaign")
        .order_by("submission__enterprise_id", "substance__cas", "substance_id", "activity", "pk")
    )


def accepted_report_years(*, enterprises: Iterable[Enterprise | int]) -> dict[int, list[int]]:
    """enterprise id → the reporting years of its accepted reports, latest first (one query)."""
    rows = (
        Submission.objects.filter(status=SubmissionStatus.ACCEPTED, enterprise__in=list(enterprises))
        .order_by("enterprise_id", "-campaign__year")
        .values_list("enterprise_id", "campaign__year")
        .distinct()
    )
    years: dict[int, list[int]] = {}
    for enterprise_id, year in rows:
        years.setdefault(enterprise_id, []).append(year)
    return years


def accepted_totals(*, campaign: Campaign) -> dict[str, Any]:
    """The inventory of a survey round as the yearly evaluation freezes it: per activity (code), the lines of
    accepted reports, the enterprises behind them and their quantity (t/a, a string with three decimals; None
    when fewer than MIN_ENTERPRISES enterprises reported the activity: confidential business information).

    ``reports`` / ``last_id`` / ``last_change`` identify the accepted reports read (an accepted report is final).
    """
    rows = (
        accepted_lines(campaign=campaign)
        .order_by()
        .values("activity")
        .annotate(lines=Count("pk"), enterprises=Count("submission__enterprise_id", distinct=True),
                  quantity=Sum("quantity_t"))
    )  # fmt: skip
    totals = [
        {
            "activity": row["activity"], "lines": row["lines"], "enterprises": row["enterprises"],
            "quantity_t": f"{Decimal(row['quantity'] or 0):.3f}" if row["enterprises"] >= MIN_ENTERPRISES else None,
        }
        for row in sorted(rows, key=lambda r: str(r["activity"]))
    ]  # fmt: skip
    accepted = Submission.objects.filter(campaign=campaign, status=SubmissionStatus.ACCEPTED).aggregate(
        n=Count("pk"), last_pk=Max("pk"), last_change=Max("updated_at")
    )
    last_change = accepted["last_change"]
    return {
        "rows": totals,
        "reports": accepted["n"],
        "last_id": accepted["last_pk"],
        "last_change": last_change.isoformat() if last_change else None,
    }
