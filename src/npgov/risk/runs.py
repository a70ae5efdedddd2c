"""Ecological risk assessment runs: RQ per site and substance, NORMAN-style priorities per substance.

All arithmetic is ``science.risk`` and ``science.prioritisation``; this module gathers the inputs (monitoring
results in the matrix's canonical unit, the lowest PNEC per substance in ng/L), records them, and stores the
results with a digest so that a re-run on the same data is shown to be identical.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pandas as pd

from npgov.core.types import ProgressCallback
from npgov.monitoring.selectors import measurements, site_codes
from npgov.risk.estimates import estimate_rows
from npgov.risk.models import AssessmentRun
from npgov.risk.pnecs import lowest_pnecs
from npgov.risk.results import ESTIMATES, section_rows
from npgov.science.censored import group_values
from npgov.science.mec import exposure_concentrations
from npgov.science.prioritisation import BAND_TABLE, prioritise
from npgov.science.risk import concentration_risk_quotient


def period_of(run: AssessmentRun) -> tuple[Any, Any]:
    """The run's period (either end may be open), as ``monitoring.selectors.measurements`` takes it."""
    return run.start, run.end


PHASES = 4  # progress is reported per phase: read, grouped statistics, RQs, ranking


def compute(run: AssessmentRun, progress: ProgressCallback | None = None) -> dict[str, Any]:
    """The run's inputs and results (pure reads; no write).

    All results are read at once and grouped by site and substance with whole-array operations
    (:mod:`npgov.science.mec`); per group only the result rows are built in Python.
    """
    pnecs = lowest_pnecs(compartment=run.compartment, verified_only=run.verified_pnecs_only)
    read = measurements(compartment=run.compartment, period=period_of(run), substances=list(pnecs))
    last_id = read.last_result_id
    report = progress or (lambda done, total: None)
    report(1, PHASES)  # read
    pairs, keys = pd.factorize((read.site << 32) | read.substance, sort=True)
    site_ids, substance_ids = (keys >> 32).tolist(), (keys & 0xFFFFFFFF).tolist()
    data = group_values(pairs, read.value, read.censored, n_groups=len(keys))
    concentrations, extremes = exposure_concentrations(data, run.mec_statistic)
    report(2, PHASES)  # grouped statistics
    codes = site_codes()
    cas_of = {sid: pnec.substance.cas or str(sid) for sid, pnec in pnecs.items()}
    per_site, norman_rows = [], []
    n, detects = data.n.tolist(), extremes.detects.tolist()
    for g, (site_id, substance_id, concentration) in enumerate(
        zip(site_ids, substance_ids, concentrations, strict=True)
    ):
        pnec, cas = pnecs[substance_id].value_ng_l, cas_of[substance_id]
        rq = concentration_risk_quotient(concentration, pnec=pnec)
        per_site.append({"site": codes.get(site_id, str(site_id)), "site_id": site_id,
                         "substance_id": substance_id, "cas": cas, "n": n[g], "detects": detects[g], **rq})  # fmt: skip
        norman_rows.append({"cas": cas, "site": str(site_id), "mec": _number(extremes.max_detect[g]),
                            "loq": _number(extremes.min_censored[g]), "pnec": pnec})  # fmt: skip
    report(3, PHASES)  # RQ per site × substance
    priorities = prioritise(norman_rows) if norman_rows else []
    report(4, PHASES)  # ranking
    names = {p.substance.cas or str(sid): (p.substance.name_zh, sid) for sid, p in pnecs.items()}
    for priority in priorities:
        priority["name"], priority["substance_id"] = names.get(priority["cas"], ("", None))
    inputs = {
        "results": int(data.values.size), "last_result_id": last_id, "statistic": run.mec_statistic,
        "compartment": run.compartment, "period": [str(run.start or ""), str(run.end or "")],
        "pnecs": {pnec.substance.cas or str(sid): {"id": pnec.pk, "ng_l": pnec.value_ng_l, "verified": pnec.verified,
                                                     "basis": pnec.basis} for sid, pnec in pnecs.items()},
        "band_table": BAND_TABLE,
    }  # fmt: skip
    results = {"sites": per_site, "substances": priorities}
    if run.estimate_unmonitored:  # runs before issue 18 have no estimates, so that they still reproduce
        results[ESTIMATES], inputs[ESTIMATES] = estimate_rows(run, pnecs, per_site)
    return {"inputs": inputs, "results": results}


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def digest_of(results: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(results, sort_keys=True, default=str).encode()).hexdigest()


def compare(first: AssessmentRun, second: AssessmentRun) -> list[dict[str, Any]]:
    """Substance by substance: the two runs' risk scores and categories, and whether they differ."""
    # the rankings only (a few hundred rows), never the site rows
    a = {p["cas"]: p for p in section_rows(first, "substances")}
    b = {p["cas"]: p for p in section_rows(second, "substances")}
    rows = []
    for cas in sorted(set(a) | set(b)):
        left, right = a.get(cas, {}), b.get(cas, {})
        rows.append({"cas": cas, "name": left.get("name") or right.get("name", ""),
                     "first": left.get("risk_score"), "second": right.get("risk_score"),
                     "first_category": left.get("category"), "second_category": right.get("category"),
                     "changed": left.get("risk_score") != right.get("risk_score")
                     or left.get("category") != right.get("category")})  # fmt: skip
    return rows
