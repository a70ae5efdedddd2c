"""NORMAN-style prioritisation of substances from monitoring data: FoE, EoE, risk score and action category.

Per substance, against its lowest PNEC:

* Frequency of Exceedance, FoE = share of sites whose site MEC (the site's largest result) exceeds the PNEC;
  its score is FoE itself (0–1);
* Extent of Exceedance, EoE = MEC95 / PNEC, MEC95 being the 95th percentile of the site MECs; scored in bands
  (EOE_BANDS): < 1 → 0, 1 to < 10 → 0.1, 10 to < 100 → 0.2, 100 to < 1000 → 0.5, ≥ 1000 → 1;
* risk score = FoE score + EoE score (0–2).

Published table reproduced: NORMAN's own prioritisation exports in the NORMAN Database System, Prioritisation
module — "Monitoring Scarce" (SCARCE 2018, Llobregat and Ebro) and "Monitoring Danube" (DANUBE 2018, Joint Danube
Surveys), as held in github.com/xhoreckym/norman_database_system (commit 38a4de9a98bb8aa524194758af6dc29249e70f64,
database/seeders/seeds/prioritisation_tables/monitoring_scarce_export.csv and monitoring_danube_export.csv); see
tests/science/test_norman_published.py. FoE, EoE, their scores and the risk score match every row checked. Band
table: the 0 / 0.1 / 0.2 bands (edges 1 and 10, and below 100) are checked against those published rows; the 0.5
and 1 bands (EoE ≥ 100) are NOT — no published row reaches EoE 100 — and stay as issue #6 gives them, attributed
there to Dulio & von der Ohe (eds.), NORMAN Prioritisation framework for emerging substances (2013).

Action categories — names as in Dulio & von der Ohe, "Prioritisation of emerging contaminants by action category:
the NORMAN approach" (NORMAN WG1, December 2014, https://slideplayer.com/slide/4911876): 1 control/mitigation
measures, 2 screening campaigns, 3 rigorous hazard assessment, 4 improvement of analytical methods, 5 screening
and hazard assessment, 6 reduced monitoring efforts. The NORMAN framework allocates them by two knowledge gaps —
enough exposure (monitoring) data? a reliable PNEC? — and by whether the method's LOQ can see the PNEC; its
thresholds could not be read here, so the rules in :func:`action_category` are INFERRED from the published SCARCE
2018 categories, which they reproduce for every row of the export (see that function for each rule's basis).

Choices stated: MEC95 is numpy's linear percentile (R type 7) of the site MECs of sites with a detect; a site
with no detect counts in the denominator of FoE as not exceeding. NORMAN's MEC95 is not that: its exports give
MEC95 = 0 for substances above the PNEC at up to 8 of 76 sites (Parathion), and it is the published MEC95 = 0 that
sends a substance to categories 2, 4 or 5. From per-site rows NPGov's MEC95 is missing only when nothing was
detected, so there those categories are reached only by never-detected substances (or fewer than ``min_sites``).

This module is Django-free (checked by tests/science/test_no_django.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

import numpy as np

# (upper edge, score): EoE below the edge gets the score; at or above the last edge, 1.0.
EOE_BANDS: tuple[tuple[float, float], ...] = ((1.0, 0.0), (10.0, 0.1), (100.0, 0.2), (1000.0, 0.5))
EOE_TOP_SCORE = 1.0
BAND_TABLE = (
    "EoE bands of issue #6 (NORMAN 2013 framework): 0 / 0.1 / 0.2 checked against NORMAN's published SCARCE and "
    "DANUBE 2018 prioritisations; 0.5 / 1 (EoE ≥ 100) not checked"
)

CATEGORY_LABELS = {
    1: "control / mitigation measures",
    2: "screening campaigns",
    3: "rigorous hazard assessment",
    4: "improvement of analytical methods",
    5: "screening and hazard assessment",
    6: "reduced monitoring efforts",
}
DEFAULT_MIN_SITES = 10  # NPGov's extra guard on "enough monitoring data"; not a NORMAN number (see action_category)


class SubstanceSummary(TypedDict):
    cas: str
    n_sites: int
    n_sites_above_pnec: int
    mec95: float | None
    mec_max: float | None  # None when never detected
    loq_min: float | None
    pnec: float


class Priority(TypedDict):
    cas: str
    frequency_of_exceedance: float
    extent_of_exceedance: float | None
    frequency_score: float
    extent_score: float
    risk_score: float
    category: int


def extent_score(eoe: float | None) -> float:
    """Score of an Extent of Exceedance from EOE_BANDS; None (no detect) scores 0."""
    if eoe is None:
        return 0.0
    for edge, score in EOE_BANDS:
        if eoe < edge:
            return score
    return EOE_TOP_SCORE


def action_category(s: SubstanceSummary, *, pnec_provisional: bool = False, min_sites: int = DEFAULT_MIN_SITES) -> int:
    """NORMAN action category 1–6 of one substance.

    Two questions, as in the NORMAN framework (Dulio & von der Ohe 2013): enough exposure data? a reliable PNEC?
    The answers' criteria are INFERRED from NORMAN's published SCARCE 2018 prioritisation (Monitoring Scarce
    export, NORMAN Database System), whose categories all rows of the export follow:

    * enough exposure data ⇔ MEC95 > 0 (NORMAN publishes MEC95 = 0 for every substance it put in 2, 4 or 5, even
      ones above the PNEC at 6–8 of 76 sites, and MEC95 > 0 for every one in 1, 3 or 6) — plus NPGov's own guard
      ``n_sites >= min_sites`` (no published row tells whether NORMAN has one: all its rows under 10 sites have
      MEC95 = 0);
    * reliable PNEC ⇔ not ``pnec_provisional`` (NORMAN: PNEC type "P-PNEC", "P-PNEC exp." or none given →
      provisional, in the SCARCE export; the Danube export treats "P-PNEC exp." as reliable, so the flag is
      the caller's).

    Then: provisional PNEC → 3 (enough exposure data; also when no site exceeds it) or 5 (not enough). Reliable
    PNEC and enough exposure data → 1 if any site MEC exceeds the PNEC (``n_sites_above_pnec`` > 0, even with MEC95
    below it, e.g. Caffeine), else 6. Reliable PNEC, not enough exposure data → 4 if the lowest LOQ is above the
    PNEC (Parathion, Ethion, Azinphos-ethyl, 17α-ethinylestradiol: LOQ/PNEC 1.2–13.4), else 2 (every category-2 row
    has LOQ/PNEC < 1, including never-detected substances). With a provisional PNEC the LOQ is not used (no
    published row has both; NORMAN's tree asks about the PNEC first).

    Not NORMAN's only practice: its DANUBE 2018 export separates 1 from 6 (and 3 from 5) by MEC95 vs the PNEC
    instead of by any site exceedance; these rules follow SCARCE.
    """
    enough_exposure = s["mec95"] is not None and s["mec95"] > 0 and s["n_sites"] >= min_sites
    if pnec_provisional:
        return 3 if enough_exposure else 5
    if enough_exposure:
        return 1 if s["n_sites_above_pnec"] > 0 else 6
    if s["loq_min"] is not None and s["loq_min"] > s["pnec"]:
        return 4
    return 2


def prioritise_summary(
    s: SubstanceSummary, *, pnec_provisional: bool = False, min_sites: int = DEFAULT_MIN_SITES
) -> Priority:
    """FoE, EoE, their scores, the risk score and the action category of one per-substance summary row."""
    if not s["pnec"] > 0:
        raise ValueError(f"{s['cas']}: pnec must be positive")
    if s["n_sites"] <= 0 or not 0 <= s["n_sites_above_pnec"] <= s["n_sites"]:
        raise ValueError(f"{s['cas']}: need n_sites > 0 and 0 ≤ n_sites_above_pnec ≤ n_sites")
    foe = s["n_sites_above_pnec"] / s["n_sites"]
    eoe = None if s["mec95"] is None else s["mec95"] / s["pnec"]
    e_score = extent_score(eoe)
    return Priority(
        cas=s["cas"],
        frequency_of_exceedance=foe,
        extent_of_exceedance=eoe,
        frequency_score=min(foe, 1.0),
        extent_score=e_score,
        risk_score=min(foe, 1.0) + e_score,
        category=action_category(s, pnec_provisional=pnec_provisional, min_sites=min_sites),
    )


def _number(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def summarise_sites(rows: Iterable[Mapping[str, Any]]) -> list[SubstanceSummary]:
    """Per-substance summaries from per-site rows (cas, site, mec, loq, pnec); mec empty/None = not detected.

    A site's MEC is its largest detected ``mec`` (rows repeat per sample); the lowest PNEC given for a substance
    is used; loq_min is the lowest LOQ given.
    """
    by_cas: dict[str, dict[str, Any]] = {}
    for row in rows:
        cas = str(row["cas"]).strip()
        entry = by_cas.setdefault(cas, {"sites": {}, "loqs": [], "pnecs": []})
        mec, loq, pnec = _number(row, "mec"), _number(row, "loq"), _number(row, "pnec")
        site = entry["sites"].setdefault(str(row["site"]), None)
        if mec is not None:
            entry["sites"][str(row["site"])] = mec if site is None else max(site, mec)
        if loq is not None:
            entry["loqs"].append(loq)
        if pnec is not None:
            entry["pnecs"].append(pnec)
    return [_summary(cas, e) for cas, e in by_cas.items()]


def _summary(cas: str, entry: Mapping[str, Any]) -> SubstanceSummary:
    if not entry["pnecs"]:
        raise ValueError(f"{cas}: no PNEC given")
    pnec = min(entry["pnecs"])
    detected = np.array([v for v in entry["sites"].values() if v is not None], dtype=float)
    return SubstanceSummary(
        cas=cas,
        n_sites=len(entry["sites"]),
        n_sites_above_pnec=int((detected > pnec).sum()),
        mec95=float(np.percentile(detected, 95)) if detected.size else None,
        mec_max=float(detected.max()) if detected.size else None,
        loq_min=min(entry["loqs"]) if entry["loqs"] else None,
        pnec=pnec,
    )


def prioritise(
    rows: Iterable[Mapping[str, Any]],
    *,
    provisional_pnec: Iterable[str] = (),
    min_sites: int = DEFAULT_MIN_SITES,
) -> list[Priority]:
    """One Priority per substance, from per-site rows or from NORMAN-style per-substance summary rows.

    The input kind is recognised by its columns: ``site`` and ``mec`` → per-site; ``n_sites`` → summary
    (cas, n_sites, n_sites_above_pnec, mec95, mec_max, loq_min, pnec). A PNEC is provisional if its CAS number is
    in ``provisional_pnec`` or if any of its rows has a true optional ``pnec_provisional`` column (1/true/yes/x).
    Sorted by risk score, highest first.
    """
    items = list(rows)
    if not items:
        return []
    provisional = set(provisional_pnec) | {str(r["cas"]).strip() for r in items if _flag(r.get("pnec_provisional"))}
    if "n_sites" in items[0]:
        summaries = [_summary_row(r) for r in items]
    elif {"site", "mec"} <= set(items[0]):
        summaries = summarise_sites(items)
    else:
        raise ValueError("rows need either cas, site, mec, loq, pnec or cas, n_sites, n_sites_above_pnec, mec95, …")
    out = [prioritise_summary(s, pnec_provisional=s["cas"] in provisional, min_sites=min_sites) for s in summaries]
    return sorted(out, key=lambda p: -p["risk_score"])


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "x"}
    return bool(value)


def _summary_row(row: Mapping[str, Any]) -> SubstanceSummary:
    pnec = _number(row, "pnec")
    n_sites, n_above = _number(row, "n_sites"), _number(row, "n_sites_above_pnec")
    if pnec is None or n_sites is None or n_above is None:
        raise ValueError(f"{row.get('cas')}: pnec, n_sites and n_sites_above_pnec are required")
    return SubstanceSummary(
        cas=str(row["cas"]).strip(),
        n_sites=int(n_sites),
        n_sites_above_pnec=int(n_above),
        mec95=_number(row, "mec95"),
        mec_max=_number(row, "mec_max"),
        loq_min=_number(row, "loq_min"),
        pnec=pnec,
    )
