"""NORMAN-style prioritisation of substances from monitoring data: FoE, EoE, risk score and action category.

Per substance, against its lowest PNEC:

* Frequency of Exceedance, FoE = share of sites whose site MEC (the site's largest result) exceeds the PNEC;
  its score is FoE itself (0–1);
* Extent of Exceedance, EoE = MEC95 / PNEC, MEC95 being the 95th percentile of the site MECs; scored in bands
  (EOE_BANDS): < 1 → 0, 1 to < 10 → 0.1, 10 to < 100 → 0.2, 100 to < 1000 → 0.5, ≥ 1000 → 1;
* risk score = FoE score + EoE score (0–2).

Band table used: the one issue #6 and its brief give, attributed there to the NORMAN prioritisation framework
(Dulio & von der Ohe (eds.), NORMAN Prioritisation framework for emerging substances, 2013; von der Ohe et al.
2011). It could NOT be checked against that source here, and no published table of FoE/EoE scores per substance
was found; treat the bands as provisional until someone compares them with the report.

Action categories — names as in Dulio & von der Ohe, "Prioritisation of emerging contaminants by action category:
the NORMAN approach" (NORMAN WG1, December 2014, https://slideplayer.com/slide/4911876): 1 control/mitigation
measures, 2 screening campaigns, 3 rigorous hazard assessment, 4 improvement of analytical methods, 5 screening
and hazard assessment, 6 reduced monitoring efforts. The decision rules in :func:`action_category` are NPGov's
reading of that scheme (the slide gives the names, not the tree) and ``min_sites`` is NPGov's own default.

Choices stated: MEC95 is numpy's linear percentile (R type 7) of the site MECs of sites with a detect; a site
with no detect counts in the denominator of FoE as not exceeding.

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
BAND_TABLE = "EoE bands of issue #6 (NORMAN 2013 framework as cited there; not checked against the source)"

CATEGORY_LABELS = {
    1: "control / mitigation measures",
    2: "screening campaigns",
    3: "rigorous hazard assessment",
    4: "improvement of analytical methods",
    5: "screening and hazard assessment",
    6: "reduced monitoring efforts",
}
DEFAULT_MIN_SITES = 10  # NPGov's default for "sufficient monitoring data"; not a NORMAN number


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
    """NORMAN action category 1–6 of one substance (see the module docstring for where the rules come from).

    A provisional PNEC (e.g. QSAR-based) sends the substance to hazard assessment (3, or 5 with little
    monitoring). With a robust PNEC: exceedance → 1 (enough sites) or 2; no detected exceedance but the best LOQ
    above the PNEC → 4 (the method cannot see the risk); otherwise 6 (enough sites) or 2.
    """
    sufficient = s["n_sites"] >= min_sites
    if pnec_provisional:
        return 3 if sufficient else 5
    exceeded = s["mec_max"] is not None and s["mec_max"] > s["pnec"]
    if exceeded:
        return 1 if sufficient else 2
    if s["loq_min"] is not None and s["loq_min"] > s["pnec"]:
        return 4
    return 6 if sufficient else 2


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
    (cas, n_sites, n_sites_above_pnec, mec95, mec_max, loq_min, pnec). ``provisional_pnec`` lists the CAS
    numbers whose PNEC is provisional. Sorted by risk score, highest first.
    """
    items = list(rows)
    if not items:
        return []
    provisional = set(provisional_pnec)
    if "n_sites" in items[0]:
        summaries = [_summary_row(r) for r in items]
    elif {"site", "mec"} <= set(items[0]):
        summaries = summarise_sites(items)
    else:
        raise ValueError("rows need either cas, site, mec, loq, pnec or cas, n_sites, n_sites_above_pnec, mec95, …")
    out = [prioritise_summary(s, pnec_provisional=s["cas"] in provisional, min_sites=min_sites) for s in summaries]
    return sorted(out, key=lambda p: -p["risk_score"])


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
