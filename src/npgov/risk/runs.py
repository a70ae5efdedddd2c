"""Ecological risk assessment runs: RQ per site and substance, NORMAN-style priorities per substance.

All arithmetic is ``science.risk`` and ``science.prioritisation``; this module gathers the inputs (monitoring
results in the matrix's canonical unit, the lowest PNEC per substance in ng/L), records them, and stores the
results with a digest so that a re-run on the same data is shown to be identical.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from importlib.metadata import version
from typing import Any

import numpy as np
from django.db import transaction

from npgov.risk.models import AssessmentRun
from npgov.risk.services import lowest_pnecs
from npgov.science.prioritisation import BAND_TABLE, prioritise
from npgov.science.risk import site_risk_quotient

CENSORED = ("lt_lod", "lt_loq")


def _results(run: AssessmentRun) -> Any:
    from npgov.monitoring.models import Result

    results = Result.objects.filter(matrix="water", value__isnull=False)
    coastal = {"site__kind": "coastal"}
    results = results.filter(**coastal) if run.compartment == "marine" else results.exclude(**coastal)
    if run.start:
        results = results.filter(sampled_at__date__gte=run.start)
    if run.end:
        results = results.filter(sampled_at__date__lte=run.end)
    return results


def compute(run: AssessmentRun, progress: Any = None) -> dict[str, Any]:
    """The run's inputs and results (pure reads; no write)."""
    pnecs = lowest_pnecs(compartment=run.compartment, verified_only=run.verified_pnecs_only)
    results = _results(run).filter(substance_id__in=list(pnecs))
    last_id = results.order_by("-id").values_list("id", flat=True).first()
    series: dict[tuple[int, int], list[tuple[float, bool]]] = defaultdict(list)
    rows = results.values_list("site_id", "substance_id", "value", "qualifier", "loq")
    for site_id, substance_id, value, qualifier, _loq in rows.iterator(chunk_size=20000):
        series[(site_id, substance_id)].append((value, qualifier in CENSORED))
    from npgov.monitoring.models import Site

    site_codes = dict(Site.objects.values_list("pk", "code"))
    per_site, norman_rows = [], []
    for index, ((site_id, substance_id), items) in enumerate(sorted(series.items()), start=1):
        values = np.array([v for v, _c in items])
        censored = np.array([c for _v, c in items])
        pnec = pnecs[substance_id]
        rq = site_risk_quotient(values=values, censored=censored, pnec=pnec.value_ng_l, statistic=run.mec_statistic)
        cas = pnec.substance.cas or str(substance_id)
        per_site.append({"site": site_codes.get(site_id, str(site_id)), "site_id": site_id,
                         "substance_id": substance_id, "cas": cas, "n": int(values.size),
                         "detects": int((~censored).sum()), **rq})  # fmt: skip
        detected = values[~censored]
        norman_rows.append({"cas": cas, "site": str(site_id), "mec": float(detected.max()) if detected.size else None,
                            "loq": float(values[censored].min()) if censored.any() else None,
                            "pnec": pnec.value_ng_l})  # fmt: skip
        if progress and index % 200 == 0:
            progress(index, len(series))
    priorities = prioritise(norman_rows) if norman_rows else []
    names = {p.substance.cas or str(sid): p.substance.name_zh for sid, p in pnecs.items()}
    for priority in priorities:
        priority["name"] = names.get(priority["cas"], "")
    inputs = {
        "results": results.count(), "last_result_id": last_id, "statistic": run.mec_statistic,
        "compartment": run.compartment, "period": [str(run.start or ""), str(run.end or "")],
        "pnecs": {pnec.substance.cas or str(sid): {"id": pnec.pk, "ng_l": pnec.value_ng_l, "verified": pnec.verified,
                                                     "basis": pnec.basis} for sid, pnec in pnecs.items()},
        "band_table": BAND_TABLE,
    }  # fmt: skip
    return {"inputs": inputs, "results": {"sites": per_site, "substances": priorities}}


def digest_of(results: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(results, sort_keys=True, default=str).encode()).hexdigest()


def run_execute(run: AssessmentRun, progress: Any = None) -> AssessmentRun:
    data = compute(run, progress)
    with transaction.atomic():
        run.inputs, run.results = data["inputs"], data["results"]
        run.digest = digest_of(data["results"])
        run.software = f"npgov {version('npgov')}"
        run.status = AssessmentRun.Status.DONE
        run.save()
    return run


def compare(first: AssessmentRun, second: AssessmentRun) -> list[dict[str, Any]]:
    """Substance by substance: the two runs' risk scores and categories, and whether they differ."""
    a = {p["cas"]: p for p in first.results.get("substances", [])}
    b = {p["cas"]: p for p in second.results.get("substances", [])}
    rows = []
    for cas in sorted(set(a) | set(b)):
        left, right = a.get(cas, {}), b.get(cas, {})
        rows.append({"cas": cas, "name": left.get("name") or right.get("name", ""),
                     "first": left.get("risk_score"), "second": right.get("risk_score"),
                     "first_category": left.get("category"), "second_category": right.get("category"),
                     "changed": left.get("risk_score") != right.get("risk_score")
                     or left.get("category") != right.get("category")})  # fmt: skip
    return rows
