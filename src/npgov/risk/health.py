"""Drinking-water health-risk runs: HQ, HI and cancer risk at drinking-water sources, adults and children.

All arithmetic is ``science.risk`` (exposure concentration, exposure parameters, HQ, cancer risk, HI); this
module gathers the inputs — water results at drinking-water source sites, the oral RfD and slope factor of each
substance with their sources — and records them with the run, as the ecological runs do.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from npgov.core.types import ProgressCallback
from npgov.monitoring.selectors import Measurements, measurements, site_codes
from npgov.risk.hazard_data import RELIABLE
from npgov.risk.models import AssessmentRun, HazardDatum
from npgov.risk.runs import period_of
from npgov.science.mec import exposure_concentration
from npgov.science.risk import (
    CANCER_RISK_CONCERN,
    DEFAULT_EXPOSURE,
    HQ_CONCERN,
    Exposure,
    exposure_parameters,
    site_health_risk,
)

POPULATIONS = ("adult", "child")
NG_L_TO_MG_L = 1e-6


def toxicity_values() -> dict[int, dict[str, Any]]:
    """substance id → the lowest reliable oral RfD and the highest reliable slope factor, each with its datum."""
    values: dict[int, dict[str, Any]] = {}
    data = HazardDatum.objects.filter(property__in=("oral_rfd", "oral_slope_factor"), reliability__in=RELIABLE,
                                      value__gt=0).select_related("substance")  # fmt: skip
    for datum in data.order_by("pk"):
        entry = values.setdefault(datum.substance_id, {"substance": datum.substance})
        key = "rfd" if datum.property == "oral_rfd" else "sf"
        current = entry.get(key)
        better = current is None or (datum.value < current.value if key == "rfd" else datum.value > current.value)
        if better:
            entry[key] = datum
    return values


def exposure_for(run: AssessmentRun) -> dict[str, Exposure]:
    """Per population, the parameters this run uses (defaults with the run's overrides)."""
    return {pop: exposure_parameters(pop, **(run.exposure or {}).get(pop, {})) for pop in POPULATIONS}


def _series(run: AssessmentRun, substances: list[int]) -> tuple[Measurements, dict[int, dict[int, np.ndarray]]]:
    """The run's results at drinking-water sources, and per site and substance the rows of its series."""
    read = measurements(compartment="drinking_water", period=period_of(run), substances=substances)
    pairs, keys = pd.factorize((read.site << 32) | read.substance, sort=True)
    order = np.argsort(pairs, kind="stable")
    bounds = np.searchsorted(pairs[order], np.arange(len(keys) + 1))
    series: dict[int, dict[int, np.ndarray]] = {}
    for g, key in enumerate(keys.tolist()):
        series.setdefault(key >> 32, {})[key & 0xFFFFFFFF] = order[bounds[g] : bounds[g + 1]]
    return read, series


def compute(run: AssessmentRun, progress: ProgressCallback | None = None) -> dict[str, Any]:
    """Inputs and results of a health run (pure reads)."""
    tox = toxicity_values()
    sites = site_codes(compartment="drinking_water")
    read, series = _series(run, list(tox))
    exposure = exposure_for(run)
    rfd = {sid: t["rfd"].value for sid, t in tox.items() if "rfd" in t}
    sf = {sid: t["sf"].value for sid, t in tox.items() if "sf" in t}
    rows, site_rows = [], []
    for index, site_id in enumerate(sorted(series), start=1):
        concentrations, bounds = {}, {}
        for substance_id, rows_of in sorted(series[site_id].items()):
            conc = exposure_concentration(values=read.value[rows_of], censored=read.censored[rows_of],
                                          statistic=run.mec_statistic)  # fmt: skip
            concentrations[substance_id] = conc["value"] * NG_L_TO_MG_L
            bounds[substance_id] = conc
        risk = site_health_risk(concentrations_mg_l=concentrations,
                                upper_bound={sid: conc["upper_bound"] for sid, conc in bounds.items()},
                                rfd=rfd, slope_factors=sf, exposures=exposure)  # fmt: skip
        for substance_id, conc in bounds.items():
            substance = tox[substance_id]["substance"]
            source = risk["bounds"] if conc["upper_bound"] else risk["detected"]
            row = {"site": sites[site_id], "site_id": site_id, "substance_id": substance_id,
                   "cas": substance.cas or str(substance_id), "name": substance.name_zh,
                   "n": len(series[site_id][substance_id]), "c_ng_l": conc["value"], "statistic": conc["statistic"],
                   "upper_bound": conc["upper_bound"], "notes": conc["notes"]}  # fmt: skip
            for pop in POPULATIONS:
                row[f"hq_{pop}"] = source[pop]["hq"].get(substance_id)
                row[f"cr_{pop}"] = source[pop]["cancer_risk"].get(substance_id)
            rows.append(row)
        per_pop = risk["detected"]
        site_rows.append({"site": sites[site_id], "site_id": site_id,
                          **{f"hi_{pop}": per_pop[pop]["hazard_index"] for pop in POPULATIONS},
                          **{f"cr_{pop}": per_pop[pop]["total_cancer_risk"] for pop in POPULATIONS},
                          "concern": risk["concern"], "cannot_conclude": risk["cannot_conclude"]})  # fmt: skip
        if progress and index % 5 == 0:
            progress(index, len(series))
    inputs = {
        "results": len(read), "last_result_id": read.last_result_id, "statistic": run.mec_statistic,
        "period": [str(run.start or ""), str(run.end or "")], "sites": len(sites),
        "toxicity": {(t["substance"].cas or str(sid)): {
            key: {"id": t[key].pk, "value": t[key].value, "unit": t[key].unit, "source": t[key].source,
                  "verified": t[key].verified} for key in ("rfd", "sf") if key in t} for sid, t in tox.items()},
        "exposure": {pop: {"values": dict(exposure[pop]), "overrides": (run.exposure or {}).get(pop, {}),
                           "sources": {k: {"source": p["source"], "verified": p["verified"]}
                                       for k, p in DEFAULT_EXPOSURE[pop].items()}} for pop in POPULATIONS},
        "thresholds": {"hq": HQ_CONCERN, "cancer_risk": CANCER_RISK_CONCERN},
    }  # fmt: skip
    rows.sort(key=lambda r: -max(r["hq_child"] or 0, r["hq_adult"] or 0))
    return {"inputs": inputs, "results": {"rows": rows, "sites": site_rows}}
