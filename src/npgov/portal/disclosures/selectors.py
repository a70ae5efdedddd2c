"""Reads of the disclosures (信息公开): public versions, an enterprise's years, the obligation, the bureau's review.

Who must disclose is compliance's obligation list (key "disclosure", derived from the latest accepted survey
report). The year disclosed is the survey's reporting year; the annual report is due on 15 March of the year
after (《企业环境信息依法披露管理办法》). Every function here costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from npgov.compliance.selectors import obligation_lists
from npgov.core.registry import ObligationStatus
from npgov.enterprises.selectors import enterprise_list
from npgov.portal.disclosures.models import Disclosure, DisclosureLine, plain_number
from npgov.science import disclosure as science
from npgov.surveys.choices import Activity
from npgov.surveys.selectors import accepted_report_lines, accepted_report_years

DUE = (3, 15)  # the annual report of year Y is due on 15 March of Y + 1
KG_PER_T = Decimal(1000)
PUBLISHED = Disclosure.Status.PUBLISHED
DRAFT = Disclosure.Status.DRAFT

# What a year's disclosure stands at, as the pages show it.
STATE_LABELS = {
    "published": _("Published"),
    "correcting": _("Published; a correction is being drafted"),
    "draft": _("Draft, not published yet"),
    "missing": _("Not disclosed"),
}
PROBLEM_LABELS = {
    science.NOT_DISCLOSED: _("In the survey report but not disclosed"),
    science.NOT_IN_SURVEY: _("Disclosed but not in the survey report"),
    science.AMOUNT_DIFFERS: _("The amounts differ"),
}


def due_date(year: int) -> date:
    return date(year + 1, *DUE)


# --- public ----------------------------------------------------------------------------------------------------
def published_latest() -> QuerySet[Disclosure]:
    """The latest published version of each enterprise's disclosure of each year."""
    newer = Disclosure.objects.filter(
        enterprise=OuterRef("enterprise"), year=OuterRef("year"), status=PUBLISHED, version__gt=OuterRef("version")
    )
    return Disclosure.objects.filter(status=PUBLISHED).exclude(Exists(newer))


def public_list(*, q: str = "", year: int | None = None, district: int | None = None) -> QuerySet[Disclosure]:
    """Published disclosures (latest versions), newest year first; by enterprise name, year and district."""
    rows = published_latest().select_related("enterprise__district")
    if q:
        rows = rows.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__iexact=q))
    if year is not None:
        rows = rows.filter(year=year)
    if district is not None:
        rows = rows.filter(Q(enterprise__district_id=district) | Q(enterprise__district__parent_id=district))
    return rows.order_by("-year", "enterprise__name", "pk")


def public_years() -> list[int]:
    return list(Disclosure.objects.filter(status=PUBLISHED).order_by("-year").values_list("year", flat=True).distinct())


def public_districts() -> list[tuple[int, str]]:
    """(id, name) of the districts with a published disclosure."""
    rows = (
        Disclosure.objects.filter(status=PUBLISHED)
        .order_by("enterprise__district__code")
        .values_list("enterprise__district_id", "enterprise__district__name_zh", "enterprise__district__name_en")
        .distinct()
    )
    return [(pk, zh or en) for pk, zh, en in rows]


def public_get(pk: int) -> Disclosure | None:
    """A published version with its enterprise (None for a draft or an unknown id: drafts are never public)."""
    return Disclosure.objects.filter(pk=pk, status=PUBLISHED).select_related("enterprise__district").first()


def lines_of(disclosure: Disclosure) -> list[DisclosureLine]:
    return list(disclosure.lines.select_related("substance").order_by("kind", "substance__cas", "medium", "pk"))


def published_versions(disclosure: Disclosure) -> list[Disclosure]:
    """Every published version of the same enterprise and year, oldest first."""
    return list(
        Disclosure.objects.filter(enterprise_id=disclosure.enterprise_id, year=disclosure.year, status=PUBLISHED)
        .only("pk", "version", "published_at", "correction_note", "enterprise_id", "year", "status")
        .order_by("version")
    )


def dataset_rows() -> Iterable[dict[str, Any]]:
    """One row per line of every published disclosure (latest versions): public by law."""
    latest = published_latest().values("pk")
    lines = (
        DisclosureLine.objects.filter(disclosure__in=latest)
        .select_related("disclosure__enterprise__district", "substance")
        .order_by("-disclosure__year", "disclosure__enterprise__name", "disclosure_id", "kind", "pk")
    )
    for line in lines.iterator(chunk_size=2000):
        d = line.disclosure
        yield {
            "year": d.year,
            "enterprise": d.enterprise.name,
            "uscc": d.enterprise.uscc,
            "district": d.enterprise.district.name_zh,
            "version": d.version,
            "published_at": d.published_at.date().isoformat() if d.published_at else "",
            "kind": str(line.get_kind_display()),
            "cas": line.substance.cas or "",
            "substance": line.substance.name_zh,
            "medium": str(line.get_medium_display()) if line.medium else "",
            "amount_t": line.amount_t,
            "concentration": line.concentration if line.concentration is not None else "",
            "concentration_unit": line.concentration_unit,
            "treatment": line.treatment,
        }


# --- an enterprise's years -------------------------------------------------------------------------------------
@dataclass
class YearState:
    """An enterprise's disclosure of one year: its latest published version and its draft, if any."""

    enterprise: Any
    year: int
    obligated: bool = False
    published: Disclosure | None = None
    draft: Disclosure | None = None

    @property
    def due(self) -> date | None:
        return due_date(self.year) if self.obligated else None

    @property
    def state(self) -> str:
        if self.published is not None:
            return "correcting" if self.draft is not None else "published"
        return "draft" if self.draft is not None else "missing"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    def overdue(self, today: date) -> bool:
        return self.published is None and self.due is not None and self.due < today

    @property
    def edit_url(self) -> str:
        return reverse("portal:disclosure_edit", args=[self.enterprise.pk, self.year])


def _states(
    enterprises: dict[int, Any], pairs: set[tuple[int, int]], obligated: set[tuple[int, int]]
) -> list[YearState]:
    """Fill the YearStates of these (enterprise id, year) pairs with their disclosures (one query)."""
    states = {pair: YearState(enterprises[pair[0]], pair[1], pair in obligated) for pair in pairs}
    if states:
        rows = Disclosure.objects.filter(enterprise_id__in={e for e, _y in pairs}, year__in={y for _e, y in pairs})
        for d in rows.order_by("version"):
            state = states.get((d.enterprise_id, d.year))
            if state is None:
                continue
            if d.status == PUBLISHED:
                state.published = d  # ordered by version: the last one wins
            else:
                state.draft = d
    return sorted(states.values(), key=lambda s: (-s.year, s.enterprise.name))


def obligation_pairs(enterprises: QuerySet[Any]) -> dict[tuple[int, int], Any]:
    """(enterprise id, year) → the ObligationEntry of every enterprise among ``enterprises`` that must disclose."""
    return {(e.enterprise.pk, e.year): e for e in obligation_lists(enterprises=enterprises)["disclosure"] if e.year}


def enterprise_years(enterprises: QuerySet[Any]) -> list[YearState]:
    """Each year of these enterprises with an accepted survey report, an obligation or a disclosure."""
    by_id = {e.pk: e for e in enterprises.select_related("district")}
    obligated = set(obligation_pairs(enterprises))
    pairs = set(obligated)
    for enterprise_id, years in accepted_report_years(enterprises=by_id).items():
        pairs |= {(enterprise_id, y) for y in years}
    pairs |= set(Disclosure.objects.filter(enterprise_id__in=by_id).values_list("enterprise_id", "year"))
    return _states(by_id, pairs, obligated)


def year_state(enterprise: Any, year: int) -> YearState | None:
    """The state of one enterprise's year; None when it has no survey report, obligation or disclosure then."""
    for state in enterprise_years(enterprise_list(ids=[enterprise.pk])):
        if state.year == year:
            return state
    return None


def draft_lines(state: YearState) -> tuple[Disclosure | None, list[dict[str, Any]]]:
    """What the form starts from: the draft, else the latest published version, else the survey (lines as dicts)."""
    source = state.draft or state.published
    if source is not None:
        rows = [
            {f: getattr(line, f) for f in ("kind", "medium", "amount_t", "concentration", "concentration_unit",
                                           "treatment", "from_survey")} | {"substance": line.substance_id}
            for line in lines_of(source)
        ]  # fmt: skip
    else:
        rows = survey_lines(state.enterprise.pk, state.year)
    for row in rows:  # numbers as people write them in the form
        row["amount_t"] = plain_number(row["amount_t"])
        row["concentration"] = plain_number(row["concentration"]) or None
    return source, rows


def survey_lines(enterprise_id: int, year: int) -> list[dict[str, Any]]:
    """The disclosure lines an accepted survey report of the year gives, marked ``from_survey``.

    Raw materials: the quantities processed or used (t). Emissions: releases to air and water by medium,
    transfers off site as solid waste, releases to soil with no medium (kg converted to t).
    """
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], dict[str, Any]] = {}

    def add(kind: str, substance_id: int, medium: str, amount_t: Decimal, uses: str = "") -> None:
        key = (kind, substance_id, medium)
        if key in seen:
            seen[key]["amount_t"] += amount_t
            return
        row = {"kind": kind, "substance": substance_id, "medium": medium, "amount_t": amount_t, "concentration": None,
               "concentration_unit": "", "treatment": uses[:500], "from_survey": True}  # fmt: skip
        seen[key] = row
        out.append(row)

    for line in accepted_report_lines(enterprises=[enterprise_id], years=[year]):
        if line.activity == Activity.PROCESSING_USE and line.quantity_t > 0:
            add("raw_material", line.substance_id, "", line.quantity_t)
        for medium, value in (("air", line.release_air_kg), ("water", line.release_water_kg),
                              ("solid", line.transfer_kg), ("", line.release_soil_kg)):  # fmt: skip
            if value and value > 0:
                add("emission", line.substance_id, medium, value / KG_PER_T)
    for row in out:
        row["amount_t"] = row["amount_t"].quantize(Decimal("0.000001"))
    return out


def survey_amounts(lines: Iterable[Any]) -> list[science.Amount]:
    """The survey report's lines as the amounts the comparison reads."""
    out = []
    for line in lines:
        if line.activity == Activity.PROCESSING_USE:
            out.append(science.Amount("raw_material", line.substance_id, line.quantity_t))
        released = line.release_air_kg + line.release_water_kg + line.release_soil_kg + line.transfer_kg
        if released > 0:
            out.append(science.Amount("emission", line.substance_id, released / KG_PER_T))
    return out


# --- the obligation --------------------------------------------------------------------------------------------
def obligation_status(enterprise_ids: Iterable[int], year: int) -> dict[int, ObligationStatus]:
    """Registry check of the "disclosure" obligation: met once a version of the year is published (one query)."""
    ids = list(enterprise_ids)
    out: dict[int, ObligationStatus] = {}
    rows = Disclosure.objects.filter(enterprise_id__in=ids, year=year).order_by("version")
    for d in rows.only("pk", "enterprise_id", "status", "version", "year"):
        if d.status == PUBLISHED:
            out[d.enterprise_id] = ObligationStatus(
                True, _("Disclosed"), reverse("portal:disclosure_detail", args=[d.pk])
            )
        elif d.enterprise_id not in out:
            url = reverse("portal:disclosure_edit", args=[d.enterprise_id, year])
            out[d.enterprise_id] = ObligationStatus(False, _("Draft, not published yet"), url)
    for enterprise_id in ids:
        if enterprise_id not in out:
            url = reverse("portal:disclosure_edit", args=[enterprise_id, year])
            out[enterprise_id] = ObligationStatus(False, _("Not disclosed"), url)
    return out


# --- review: obligation against disclosure against survey ------------------------------------------------------
@dataclass
class ReviewRow:
    state: YearState
    differences: list[Disagreement] = field(default_factory=list)
    overdue: bool = False


@dataclass(frozen=True)
class Disagreement:
    problem: str  # label
    kind: str  # label
    substance: Any
    survey_t: Decimal | None
    disclosed_t: Decimal | None


def review_rows(enterprises: QuerySet[Any], today: date) -> list[ReviewRow]:
    """Every obligated enterprise among ``enterprises`` with its year's disclosure and where it disagrees.

    Four queries for the obligation lists, one for the disclosures, one for their lines, one for the survey.
    """
    obligations = obligation_pairs(enterprises)
    by_id = {e.enterprise.pk: e.enterprise for e in obligations.values()}
    states = _states(by_id, set(obligations), set(obligations))
    published = {s.published.pk: s for s in states if s.published is not None}
    disclosed: dict[int, list[science.Amount]] = {pk: [] for pk in published}
    substances: dict[Any, Any] = {}
    for line in DisclosureLine.objects.filter(disclosure_id__in=published).select_related("substance"):
        disclosed[line.disclosure_id].append(science.Amount(line.kind, line.substance_id, line.amount_t))
        substances[line.substance_id] = line.substance
    reported: dict[tuple[int, int], list[Any]] = {}
    pairs = [(s.enterprise.pk, s.year) for s in published.values()]
    if pairs:
        lines = accepted_report_lines(enterprises={e for e, _y in pairs}, years={y for _e, y in pairs})
        for reported_line in lines:
            submission = reported_line.submission
            reported.setdefault((submission.enterprise_id, submission.campaign.year), []).append(reported_line)
            substances[reported_line.substance_id] = reported_line.substance
    rows = []
    for state in states:
        row = ReviewRow(state, overdue=state.overdue(today))
        if state.published is not None:
            survey = survey_amounts(reported.get((state.enterprise.pk, state.year), []))
            for d in science.compare(survey, disclosed[state.published.pk]):
                row.differences.append(
                    Disagreement(str(PROBLEM_LABELS[d.problem]), str(DisclosureLine.Kind(d.kind).label),
                                 substances.get(d.substance), d.survey_t, d.disclosed_t)
                )  # fmt: skip
        rows.append(row)
    # what needs the reviewer first: disagreements, then overdue years, then the rest (newest year first)
    rows.sort(key=lambda r: (not r.differences, not r.overdue, -r.state.year, r.state.enterprise.name))
    return rows


def published_in_year(year: int) -> int:
    """Disclosures published in ``year`` (a correction published is counted too): a key figure of the work
    plan's yearly evaluation (registered in ``registration.py``)."""
    return Disclosure.objects.filter(status=PUBLISHED, published_at__year=year).count()
