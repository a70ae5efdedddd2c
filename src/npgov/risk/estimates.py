"""Estimated RQs for substances the monitoring does not measure (issue 18): the enterprises' reported releases to
water of one survey year → a local PEC per enterprise (``science.exposure``, the EU first-tier model) → PEC / PNEC.

An estimate is never a measurement: it is a separate section of the run's results (``estimates``), flagged on
every row, and where the substance is also measured the row carries the measured MEC beside the PEC, so that the
model can be judged against the data. The survey lines read are recorded in the run's inputs (the year, how many
enterprise × substance releases, a digest of them), so that a re-run on the same data gives the same results.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from npgov.risk.models import Compartment
from npgov.science.exposure import LocalWaterScenario, estimate_from_releases, scenario_record
from npgov.science.risk import rq_category
from npgov.surveys.selectors import accepted_latest_year, accepted_water_releases

if TYPE_CHECKING:
    from npgov.risk.models import AssessmentRun, Pnec

# The first-tier model is a fresh-water one (its dilution of 10 is a river's); the sea needs another scenario.
ESTIMATED_COMPARTMENTS = (Compartment.FRESHWATER,)
# Koc unknown for most substances: 0 (no sorption to suspended matter) keeps the estimate on the safe side.
KOC_UNKNOWN = 0.0


def estimate_rows(
    run: AssessmentRun, pnecs: dict[int, Pnec], per_site: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The run's estimate rows (highest estimated RQ first) and what they read, for ``inputs["estimates"]``.

    ``per_site`` are the run's measured site × substance rows: a substance with any of them is "measured" and its
    row shows the highest measured MEC (detects only) beside the PEC.
    """
    if run.compartment not in ESTIMATED_COMPARTMENTS:
        return [], {"computed": False, "reason": "compartment"}
    # a re-run reads the survey year the run read, not a newer one
    year = (run.inputs or {}).get("estimates", {}).get("survey_year") or accepted_latest_year()
    if year is None:
        return [], {"computed": False, "reason": "no_survey"}
    releases = accepted_water_releases(year=year)
    by_substance: dict[int, list[float]] = defaultdict(list)
    for release in releases:
        by_substance[release.substance_id].append(float(release.release_kg))
    measured = _measured(per_site)
    scenario = LocalWaterScenario()
    rows: list[dict[str, Any]] = []
    for substance_id, released in sorted(by_substance.items()):
        pnec = pnecs.get(substance_id)
        if pnec is None:
            continue  # no PNEC in the compartment: no RQ, estimated or measured
        estimate = estimate_from_releases(released, pnec_ng_per_l=pnec.value_ng_l, koc_l_per_kg=KOC_UNKNOWN,
                                          scenario=scenario)  # fmt: skip
        if estimate is None:
            continue
        mec = measured.get(substance_id)
        rows.append({
            "substance_id": substance_id, "cas": pnec.substance.cas or str(substance_id),
            "name": pnec.substance.name_zh, "estimate": True, "survey_year": year,
            "enterprises": estimate.enterprises, "release_kg_total": estimate.release_kg_total,
            "release_kg_worst": estimate.release_kg_worst, "pec": estimate.pec.pec_ng_per_l, "pnec": pnec.value_ng_l,
            "rq": estimate.rq, "category": rq_category(estimate.rq), "stp_removal": estimate.pec.removal_known,
            "measured": mec is not None, "mec_max": mec["mec_max"] if mec else None,
            "measured_rq_max": mec["rq_max"] if mec else None, "measured_sites": mec["sites"] if mec else 0,
        })  # fmt: skip
    rows.sort(key=lambda row: (-row["rq"], row["cas"]))
    inputs = {
        "computed": True, "survey_year": year, "releases": len(releases), "releases_digest": _digest(releases),
        "scenario": scenario_record(scenario), "koc_l_per_kg": KOC_UNKNOWN, "stp_removal": "none (worst case)",
        "model": "EU TGD 2003 Part II §2.3.8.3 / ECHA R.16 v3.0 local PEC in surface water",
    }  # fmt: skip
    return rows, inputs


def _measured(per_site: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per measured substance: sites, the highest detected MEC (None when never detected) and the highest RQ."""
    found: dict[int, dict[str, Any]] = {}
    for row in per_site:
        entry = found.setdefault(row["substance_id"], {"sites": 0, "mec_max": None, "rq_max": None})
        entry["sites"] += 1
        mec = row.get("mec")
        if isinstance(mec, (int, float)) and math.isfinite(mec) and not row.get("rq_is_upper_bound"):
            entry["mec_max"] = mec if entry["mec_max"] is None else max(entry["mec_max"], mec)
        rq = row.get("rq")
        if isinstance(rq, (int, float)) and math.isfinite(rq):
            entry["rq_max"] = rq if entry["rq_max"] is None else max(entry["rq_max"], rq)
    return found


def _digest(releases: list[Any]) -> str:
    rows = [[r.enterprise_id, r.substance_id, str(r.release_kg)] for r in releases]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()
