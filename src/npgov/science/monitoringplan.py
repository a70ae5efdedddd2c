"""Drafting next year's monitoring plan: which substances at which sites, how often, by which laboratory.

Pure selection over plain data (the risk app gathers it): candidate site × substance lines, each with the
reasons it is proposed and a score; the lines chosen in score order within a budget of analyses (one line
costs its samples per year); a laboratory with a validated method for the substance, the least loaded first.

Reasons and their weights (a line's score is the sum of its reasons' weights):

=====================  ======  ======================================================================
reason                 weight  when
=====================  ======  ======================================================================
``rq_high``            100     the latest assessment's measured RQ at the site is high (≥ 1)
``rq_cannot_conclude``  80     the RQ is an upper bound (never detected) that does not exclude risk
``estimated_no_data``   60     an RQ estimated from reported releases, no monitoring data; site nearby
``rising_trend``        30     Mann–Kendall: increasing at the site
``frequent_detection``  20     detected in at least half the site's results
``listed``              20     on a current regulatory list (modifier)
``reported_nearby``     10     an enterprise in the same district or within the distance reports it
``never_sampled``       10     never analysed at the site (modifier)
=====================  ======  ======================================================================

Only a pair with at least one of the first six reasons is a candidate: being listed or never sampled alone does
not put a substance on a site's plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from npgov.science.geo import haversine_km

RQ_HIGH = "rq_high"
RQ_CANNOT_CONCLUDE = "rq_cannot_conclude"
ESTIMATED_NO_DATA = "estimated_no_data"
RISING_TREND = "rising_trend"
FREQUENT_DETECTION = "frequent_detection"
LISTED = "listed"
REPORTED_NEARBY = "reported_nearby"
NEVER_SAMPLED = "never_sampled"

WEIGHTS: dict[str, int] = {
    RQ_HIGH: 100,
    RQ_CANNOT_CONCLUDE: 80,
    ESTIMATED_NO_DATA: 60,
    RISING_TREND: 30,
    FREQUENT_DETECTION: 20,
    LISTED: 20,
    REPORTED_NEARBY: 10,
    NEVER_SAMPLED: 10,
}
REASON_ORDER = tuple(WEIGHTS)  # a line's reasons are listed in this order (heaviest first)
TRIGGERS = frozenset({RQ_HIGH, RQ_CANNOT_CONCLUDE, ESTIMATED_NO_DATA, RISING_TREND, FREQUENT_DETECTION,
                      REPORTED_NEARBY})  # fmt: skip
FREQUENT = 0.5  # detection frequency from which a substance counts as frequently detected at a site

Pair = tuple[int, int]  # (site id, substance id)


@dataclass(frozen=True)
class SitePoint:
    """A monitoring site: its district and coordinates (degrees; None when unknown)."""

    id: int
    district_id: int | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Source:
    """An enterprise's accepted report of a substance, where the enterprise is."""

    substance_id: int
    district_id: int | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Measured:
    """The latest assessment's RQ at a site: its value and category ("high", "cannot conclude", …)."""

    rq: float | None
    category: str


@dataclass(frozen=True)
class Series:
    """A site's series of a substance: results, detection frequency, Mann–Kendall trend ("increasing" …)."""

    n: int
    detection_frequency: float | None
    trend: str | None


@dataclass(frozen=True)
class Inputs:
    sites: Sequence[SitePoint]
    sources: Sequence[Source] = ()
    listed: frozenset[int] = frozenset()
    measured: Mapping[Pair, Measured] = field(default_factory=dict)
    series: Mapping[Pair, Series] = field(default_factory=dict)
    estimated: Mapping[int, float] = field(default_factory=dict)  # substance → estimated RQ (no data)
    methods: Mapping[int, Sequence[int]] = field(default_factory=dict)  # substance → labs with a validated method
    lab_districts: Mapping[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Parameters:
    budget: int  # analyses a year: the sum of the chosen lines' samples per year may not exceed it
    samples_per_year: int
    distance_km: float
    max_lines: int = 300  # candidates proposed (highest scores); the page and the form stay bounded


@dataclass
class Line:
    site_id: int
    substance_id: int
    reasons: tuple[str, ...]
    score: int
    samples_per_year: int
    lab_id: int | None = None
    selected: bool = False
    rq: float | None = None  # measured, or estimated when there are no data

    @property
    def analyses(self) -> int:
        return self.samples_per_year


@dataclass
class Draft:
    lines: list[Line]
    budget: int
    analyses: int  # of the selected lines

    @property
    def selected(self) -> list[Line]:
        return [line for line in self.lines if line.selected]


def near(site: SitePoint, source: Source, distance_km: float) -> bool:
    """Same district, or both located and within ``distance_km`` (great-circle)."""
    if site.district_id is not None and site.district_id == source.district_id:
        return True
    if site.lat is None or site.lon is None or source.lat is None or source.lon is None:
        return False
    return haversine_km(site.lat, site.lon, source.lat, source.lon) <= distance_km


def _nearby_substances(inputs: Inputs, distance_km: float) -> dict[int, set[int]]:
    """site id → substances reported near it; distances computed once per distinct reporting place."""
    places: dict[tuple[int | None, float | None, float | None], set[int]] = defaultdict(set)
    for source in inputs.sources:
        places[(source.district_id, source.lat, source.lon)].add(source.substance_id)
    nearby: dict[int, set[int]] = defaultdict(set)
    for site in inputs.sites:
        for (district, lat, lon), substances in places.items():
            if near(site, Source(0, district, lat, lon), distance_km):
                nearby[site.id] |= substances
    return nearby


def candidate_reasons(inputs: Inputs, distance_km: float) -> dict[Pair, set[str]]:
    """Every site × substance pair with at least one triggering reason, with all its reasons."""
    site_ids = {site.id for site in inputs.sites}
    reasons: dict[Pair, set[str]] = defaultdict(set)
    for pair, measured in inputs.measured.items():
        if measured.category == "high":
            reasons[pair].add(RQ_HIGH)
        elif measured.category == "cannot conclude":
            reasons[pair].add(RQ_CANNOT_CONCLUDE)
    for pair, series in inputs.series.items():
        if series.trend == "increasing":
            reasons[pair].add(RISING_TREND)
        if series.detection_frequency is not None and series.detection_frequency >= FREQUENT:
            reasons[pair].add(FREQUENT_DETECTION)
    for site_id, substances in _nearby_substances(inputs, distance_km).items():
        for substance_id in substances:
            reasons[(site_id, substance_id)].add(REPORTED_NEARBY)
            if substance_id in inputs.estimated and (site_id, substance_id) not in inputs.series:
                reasons[(site_id, substance_id)].add(ESTIMATED_NO_DATA)
    for pair, found in reasons.items():
        if pair[1] in inputs.listed:
            found.add(LISTED)
        if pair not in inputs.series:
            found.add(NEVER_SAMPLED)
    return {pair: found for pair, found in reasons.items() if pair[0] in site_ids and found & TRIGGERS}


def choose_lab(substance_id: int, site: SitePoint | None, load: Mapping[int, int], inputs: Inputs) -> int | None:
    """A laboratory with a validated method for the substance: the fewest analyses already given it in this
    draft, then one in the site's district, then the lowest id; None when no laboratory has a method."""
    labs = inputs.methods.get(substance_id, ())
    if not labs:
        return None
    district = site.district_id if site is not None else None

    def key(lab: int) -> tuple[int, int, int]:
        local = district is not None and inputs.lab_districts.get(lab) == district
        return (load.get(lab, 0), 0 if local else 1, lab)

    return min(labs, key=key)


def _rq(pair: Pair, inputs: Inputs) -> float | None:
    measured = inputs.measured.get(pair)
    if measured is not None:
        return measured.rq
    return inputs.estimated.get(pair[1])


def rank(inputs: Inputs, parameters: Parameters) -> list[Line]:
    """The candidate lines, highest score first (ties: site id, then substance id), at most ``max_lines``."""
    lines = [
        Line(site_id=pair[0], substance_id=pair[1], reasons=tuple(r for r in REASON_ORDER if r in found),
             score=sum(WEIGHTS[r] for r in found), samples_per_year=parameters.samples_per_year,
             rq=_rq(pair, inputs))
        for pair, found in candidate_reasons(inputs, parameters.distance_km).items()
    ]  # fmt: skip
    lines.sort(key=lambda line: (-line.score, line.site_id, line.substance_id))
    return lines[: parameters.max_lines]


def select(lines: Iterable[Line], inputs: Inputs, budget: int) -> Draft:
    """Choose lines in the given order while their analyses fit the budget (a line that does not fit is skipped
    and later, smaller lines may still fit); a line no laboratory can analyse is proposed but not chosen."""
    sites = {site.id: site for site in inputs.sites}
    load: dict[int, int] = defaultdict(int)
    used = 0
    chosen = list(lines)
    for line in chosen:
        line.lab_id = choose_lab(line.substance_id, sites.get(line.site_id), load, inputs)
        line.selected = line.lab_id is not None and used + line.analyses <= budget
        if line.selected and line.lab_id is not None:
            used += line.analyses
            load[line.lab_id] += line.analyses
    return Draft(lines=chosen, budget=budget, analyses=used)


def draft(inputs: Inputs, parameters: Parameters) -> Draft:
    """The proposed plan: ranked candidate lines, the chosen ones within ``parameters.budget`` analyses."""
    if parameters.budget < 0 or parameters.samples_per_year < 1 or not parameters.distance_km >= 0:
        raise ValueError("budget ≥ 0, samples per year ≥ 1 and a distance ≥ 0 km are required")
    return select(rank(inputs, parameters), inputs, parameters.budget)
