"""Drafting next year's monitoring plan (issue 18, item 3): the inputs gathered, the selection in ``science``.

The draft reads, for the water matrix: the active sites (monitoring), the substances enterprises reported in the
latest accepted survey year with where the enterprises are (surveys, enterprises), the substances on current
regulatory lists (regulations), the measured RQs of the latest finished ecological run of fresh and of marine
water (this app), the RQs estimated for substances with no monitoring data (this app, ``selectors``), each site's
series with its detection frequency and trend (monitoring's maintained statistics) and the laboratories' validated
methods (capacity). ``science.monitoringplan`` scores the site × substance pairs, chooses within the budget and
assigns the laboratories. A bounded number of queries whatever the data: no query per site or per line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from npgov.capacity.selectors import lab_list, lab_method_list
from npgov.enterprises.selectors import enterprise_list
from npgov.monitoring import services as monitoring_services
from npgov.monitoring.selectors import site_codes, sites_by_pk, visible_series
from npgov.regulations.selectors import substances_listed
from npgov.risk import selectors as risk_selectors
from npgov.risk.results import section_rows
from npgov.science import monitoringplan as mp
from npgov.substances.selectors import substances_by_id
from npgov.surveys.selectors import accepted_latest_year, accepted_lines

if TYPE_CHECKING:
    from npgov.capacity.models import Lab
    from npgov.core.models import User
    from npgov.monitoring.models import MonitoringPlan, Site
    from npgov.risk.models import AssessmentRun
    from npgov.substances.models import Substance

MATRIX = "water"  # the plan covers water; the water compartments of the ecological runs
WATER_COMPARTMENTS = ("freshwater", "marine")


@dataclass
class DraftPage:
    """What the draft page shows: the science draft plus the objects its ids name."""

    draft: mp.Draft
    sites: dict[int, Site]
    substances: dict[int, Substance]
    labs: dict[int, Lab]
    methods: Mapping[int, list[int]]  # substance → laboratories with a validated method (the line's lab choices)
    runs: list[AssessmentRun]
    survey_year: int | None


def _sites() -> dict[int, Site]:
    return {pk: site for pk, site in sites_by_pk(pks=site_codes()).items() if site.active}


def _sources() -> tuple[list[mp.Source], int | None]:
    """One source per enterprise and substance of the latest accepted survey year."""
    year = accepted_latest_year()
    if year is None:
        return [], None
    lines = accepted_lines(year=year).order_by()
    pairs = list(lines.values_list("substance_id", "submission__enterprise_id").distinct())
    places = {pk: (district, lat, lon) for pk, district, lat, lon in enterprise_list(
        ids={e for _s, e in pairs}).values_list("pk", "district_id", "latitude", "longitude")}  # fmt: skip
    return [mp.Source(substance, *places[enterprise]) for substance, enterprise in pairs if enterprise in places], year


def latest_runs() -> list[AssessmentRun]:
    """The latest finished ecological run of each water compartment."""
    runs = [risk_selectors.latest_done_run(compartment=compartment) for compartment in WATER_COMPARTMENTS]
    return [run for run in runs if run is not None]


def _measured(runs: Iterable[AssessmentRun]) -> dict[mp.Pair, mp.Measured]:
    """The high and "cannot conclude" RQs of the runs' site rows (only those can make a line)."""
    measured: dict[mp.Pair, mp.Measured] = {}
    for run in runs:
        for row in section_rows(run, "sites", categories=["high", "cannot conclude"]):
            site, substance = row.get("site_id"), row.get("substance_id")
            if isinstance(site, int) and isinstance(substance, int):
                rq = row.get("rq")
                measured[(site, substance)] = mp.Measured(rq if isinstance(rq, (int, float)) else None,
                                                          str(row.get("category")))  # fmt: skip
    return measured


def _estimated() -> dict[int, float]:
    """Substance → the highest RQ estimated without monitoring data in a water compartment (risk item 2)."""
    estimated: dict[int, float] = {}
    for compartment in WATER_COMPARTMENTS:
        for substance_id, row in risk_selectors.estimated_without_data(compartment=compartment).items():
            rq = float(row["rq"])
            estimated[substance_id] = max(rq, estimated.get(substance_id, rq))
    return estimated


def _series() -> dict[mp.Pair, mp.Series]:
    rows = visible_series(None).filter(matrix=MATRIX).values_list(
        "site_id", "substance_id", "n", "summary__detection_frequency", "trend__trend")  # fmt: skip
    return {(site, substance): mp.Series(n, frequency if isinstance(frequency, (int, float)) else None,
                                         trend if isinstance(trend, str) else None)
            for site, substance, n, frequency, trend in rows}  # fmt: skip


def _methods() -> dict[int, list[int]]:
    methods: dict[int, set[int]] = defaultdict(set)
    for substance, lab in lab_method_list().filter(matrix=MATRIX).order_by().values_list("substance_id", "lab_id"):
        methods[substance].add(lab)
    return {substance: sorted(labs) for substance, labs in methods.items()}


def plan_inputs() -> tuple[mp.Inputs, dict[str, Any]]:
    """The inputs of the selection, and the objects the page names (sites, laboratories, runs, survey year)."""
    sites = _sites()
    sources, year = _sources()
    runs = latest_runs()
    labs = {lab.pk: lab for lab in lab_list()}
    inputs = mp.Inputs(
        sites=[mp.SitePoint(pk, site.district_id, site.latitude, site.longitude) for pk, site in sites.items()],
        sources=sources, listed=frozenset(substances_listed().values_list("pk", flat=True)),
        measured=_measured(runs), series=_series(), estimated=_estimated(), methods=_methods(),
        lab_districts={pk: lab.district_id for pk, lab in labs.items()},
    )  # fmt: skip
    return inputs, {"sites": sites, "labs": labs, "runs": runs, "survey_year": year}


def plan_draft(*, budget: int, samples_per_year: int, distance_km: float) -> DraftPage:
    """The proposed plan for these parameters, with everything the page shows (a read: nothing is written)."""
    inputs, named = plan_inputs()
    draft = mp.draft(inputs, mp.Parameters(budget=budget, samples_per_year=samples_per_year, distance_km=distance_km))
    substances = substances_by_id(ids={line.substance_id for line in draft.lines})
    return DraftPage(draft=draft, substances=substances, methods={k: list(v) for k, v in inputs.methods.items()},
                     **named)  # fmt: skip


def plan_save(
    *, page: DraftPage, choices: Mapping[mp.Pair, tuple[int, int | None]], name: str, year: int, budget: int,
    user: User,
) -> MonitoringPlan:  # fmt: skip
    """Create the plan from the draft's lines the bureau kept: ``choices`` maps each kept (site, substance) to its
    samples per year and laboratory. Reasons, scores and RQs come from the draft, never from the request."""
    lines = [
        monitoring_services.PlanLineInput(
            site_id=line.site_id, substance_id=line.substance_id, samples_per_year=choices[key][0],
            lab_id=choices[key][1], reasons=line.reasons, score=line.score, rq=line.rq,
        )
        for line in page.draft.lines
        if (key := (line.site_id, line.substance_id)) in choices
    ]  # fmt: skip
    analyses = sum(line.samples_per_year for line in lines)
    description = _("Drafted on the platform: %(analyses)s analyses a year within a budget of %(budget)s.") % {
        "analyses": analyses, "budget": budget}  # fmt: skip
    return monitoring_services.plan_create_with_lines(name=name, year=year, lines=lines, user=user,
                                                      description=description, budget=budget)  # fmt: skip


def draft_as_data(page: DraftPage) -> dict[str, Any]:
    """The draft as plain data (the API and the command line): the budget, the analyses chosen, what it read, and
    each proposed line with its reason codes, score, RQ, samples per year, laboratory and whether it is chosen."""
    lines = []
    for line in page.draft.lines:
        substance = page.substances[line.substance_id]
        lab = page.labs.get(line.lab_id) if line.lab_id else None
        lines.append({
            "site": page.sites[line.site_id].code, "site_id": line.site_id, "substance": substance.name_zh,
            "substance_id": line.substance_id, "cas": substance.cas, "reasons": list(line.reasons),
            "score": line.score, "rq": line.rq, "samples_per_year": line.samples_per_year,
            "lab": lab.name if lab else None, "lab_id": line.lab_id, "selected": line.selected,
        })  # fmt: skip
    return {"budget": page.draft.budget, "analyses": page.draft.analyses, "survey_year": page.survey_year,
            "runs": [run.pk for run in page.runs], "lines": lines}  # fmt: skip
