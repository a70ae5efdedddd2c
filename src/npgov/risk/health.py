"""Drinking-water health-risk runs: HQ, HI and cancer risk at drinking-water sources, adults and children.

All arithmetic is ``science.risk`` (exposure concentration, exposure parameters, HQ, cancer risk, HI); this
module gathers the inputs — water results at drinking-water source sites, the oral RfD and slope factor of each
substance with their sources — and records them with the run, as the ecological runs do.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from npgov.science.risk import DEFAULT_EXPOSURE, drinking_water_risk, exposure_concentration, exposure_parameters

POPULATIONS = ("adult", "child")
NG_L_TO_MG_L = 1e-6
HQ_CONCERN, CANCER_RISK_CONCERN = 1.0, 1e-6  # HQ > 1; cancer risk above 10⁻⁶ (HJ 25.3-2019 acceptable level)


def toxicity_values() -> dict[int, dict[str, Any]]:
    """substance id → the lowest reliable oral RfD and the highest reliable slope factor, each with its datum."""
    from npgov.risk.hazard_data import RELIABLE
    from npgov.risk.models import HazardDatum

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


def exposure_for(run: Any) -> dict[str, Any]:
    """Per population, the parameters this run uses (defaults with the run's overrides)."""
    return {pop: exposure_parameters(pop, **(run.exposure or {}).get(pop, {})) for pop in POPULATIONS}


def compute(run: Any, progress: Any = None) -> dict[str, Any]:
    """Inputs and results of a health run (pure reads)."""
    from npgov.monitoring import selectors as monitoring_selectors
    from npgov.monitoring.choices import SiteKind
    from npgov.monitoring.models import Result, Site
    from npgov.risk.runs import in_period

    tox = toxicity_values()
    sites = dict(Site.objects.filter(kind=SiteKind.DRINKING_WATER).values_list("pk", "code"))
    results = Result.objects.filter(matrix="water", value__isnull=False, site_id__in=list(sites),
                                    substance_id__in=list(tox))  # fmt: skip
    results = in_period(results, run)
    last_id = results.order_by("-id").values_list("id", flat=True).first()
    series: dict[int, dict[int, list[tuple[float, bool]]]] = defaultdict(lambda: defaultdict(list))
    count = 0
    for site_id, substance_id, value, qualifier in results.values_list(
        "site_id", "substance_id", "value", "qualifier"
    ).iterator(chunk_size=20000):
        series[site_id][substance_id].append((value, qualifier in monitoring_selectors.CENSORED))
        count += 1
    exposure = exposure_for(run)
    rows, site_rows = [], []
    for index, site_id in enumerate(sorted(series), start=1):
        concentrations, bounds = {}, {}
        for substance_id, items in sorted(series[site_id].items()):
            x = np.array([v for v, _c in items])
            c = np.array([flag for _v, flag in items])
            conc = exposure_concentration(values=x, censored=c, statistic=run.mec_statistic)
            concentrations[substance_id] = conc["value"] * NG_L_TO_MG_L
            bounds[substance_id] = conc
        # Never-detected series enter as upper bounds (at the LOQ): shown per row, kept out of HI and total risk,
        # and a site whose bounds alone could reach a threshold is "cannot conclude", not "of concern".
        rfd = {sid: t["rfd"].value for sid, t in tox.items() if "rfd" in t}
        sf = {sid: t["sf"].value for sid, t in tox.items() if "sf" in t}
        detected = {sid: c for sid, c in concentrations.items() if not bounds[sid]["upper_bound"]}
        undetected = {sid: c for sid, c in concentrations.items() if bounds[sid]["upper_bound"]}
        per_pop = {pop: drinking_water_risk(concentrations_mg_l=detected, rfd=rfd, slope_factors=sf,
                                            exposure=exposure[pop]) for pop in POPULATIONS}  # fmt: skip
        bound_pop = {pop: drinking_water_risk(concentrations_mg_l=undetected, rfd=rfd, slope_factors=sf,
                                              exposure=exposure[pop]) for pop in POPULATIONS}  # fmt: skip
        for substance_id, conc in bounds.items():
            substance = tox[substance_id]["substance"]
            source = bound_pop if conc["upper_bound"] else per_pop
            row = {"site": sites[site_id], "site_id": site_id, "substance_id": substance_id,
                   "cas": substance.cas or str(substance_id), "name": substance.name_zh,
                   "n": len(series[site_id][substance_id]), "c_ng_l": conc["value"], "statistic": conc["statistic"],
                   "upper_bound": conc["upper_bound"], "notes": conc["notes"]}  # fmt: skip
            for pop in POPULATIONS:
                row[f"hq_{pop}"] = source[pop]["hq"].get(substance_id)
                row[f"cr_{pop}"] = source[pop]["cancer_risk"].get(substance_id)
            rows.append(row)
        concern = any(per_pop[p]["hazard_index"] > HQ_CONCERN or per_pop[p]["total_cancer_risk"] > CANCER_RISK_CONCERN
                      for p in POPULATIONS)  # fmt: skip
        bound_reaches = any(v >= HQ_CONCERN for p in POPULATIONS for v in bound_pop[p]["hq"].values()) or any(
            v > CANCER_RISK_CONCERN for p in POPULATIONS for v in bound_pop[p]["cancer_risk"].values())  # fmt: skip
        site_rows.append({"site": sites[site_id], "site_id": site_id,
                          **{f"hi_{pop}": per_pop[pop]["hazard_index"] for pop in POPULATIONS},
                          **{f"cr_{pop}": per_pop[pop]["total_cancer_risk"] for pop in POPULATIONS},
                          "concern": concern, "cannot_conclude": bound_reaches and not concern})  # fmt: skip
        if progress and index % 5 == 0:
            progress(index, len(series))
    inputs = {
        "results": count, "last_result_id": last_id, "statistic": run.mec_statistic,
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
