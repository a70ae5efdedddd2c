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

import numpy as np
import pandas as pd
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from npgov.monitoring import selectors as monitoring_selectors
from npgov.risk.models import AssessmentRun
from npgov.risk.services import lowest_pnecs
from npgov.science.censored import group_values
from npgov.science.mec import exposure_concentrations
from npgov.science.prioritisation import BAND_TABLE, prioritise
from npgov.science.risk import risk_quotient

COLUMNS = ("site_id", "substance_id", "value", "censored")
# PostgreSQL's binary COPY of those columns (bigint, bigint, double precision, boolean; none NULL): a 19-byte
# header, then per row the field count and each field's length and bytes, then a 2-byte trailer
_HEADER, _TRAILER = 19, 2
_COPY_ROW = np.dtype([("fields", ">i2"), ("l1", ">i4"), ("site_id", ">i8"), ("l2", ">i4"), ("substance_id", ">i8"),
                      ("l3", ">i4"), ("value", ">f8"), ("l4", ">i4"), ("censored", "?")])  # fmt: skip
_COPY_LENGTHS = {"fields": 4, "l1": 8, "l2": 8, "l3": 8, "l4": 1}


def _results(run: AssessmentRun) -> Any:
    from npgov.monitoring.models import Result

    if run.compartment == "sediment":  # sediment results of every site, in ng/g dw like the sediment PNECs
        results = Result.objects.filter(matrix="sediment", value__isnull=False)
    else:  # fresh water: every site but coastal; marine: coastal sites
        results = Result.objects.filter(matrix="water", value__isnull=False)
        coastal = {"site__kind": "coastal"}
        results = results.filter(**coastal) if run.compartment == "marine" else results.exclude(**coastal)
    return in_period(results, run)


def in_period(results: Any, run: AssessmentRun) -> Any:
    """The results sampled within the run's period (either end may be open); shared by both kinds of run."""
    if run.start:
        results = results.filter(sampled_at__date__gte=run.start)
    if run.end:
        results = results.filter(sampled_at__date__lte=run.end)
    return results


def _columns(results: Any) -> dict[str, np.ndarray]:
    """site_id, substance_id, value and censored of every result, as numpy arrays (in no particular order).

    PostgreSQL: one binary ``COPY`` of the query, parsed in place by numpy — at 10⁷ results the ORM's row
    objects would cost more than the whole run. Elsewhere (SQLite) the ORM's rows.
    """
    rows = results.order_by().annotate(
        censored=ExpressionWrapper(Q(qualifier__in=monitoring_selectors.CENSORED), output_field=BooleanField())
    ).values_list(*COLUMNS)  # fmt: skip
    if connection.vendor == "postgresql":
        parsed = _copy_columns(rows)
        if parsed is not None:
            return parsed
    listed = list(rows.iterator(chunk_size=20000))
    site, substance, value, censored = zip(*listed, strict=True) if listed else ((), (), (), ())
    return {"site_id": np.array(site, dtype=np.int64), "substance_id": np.array(substance, dtype=np.int64),
            "value": np.array(value, dtype=float), "censored": np.array(censored, dtype=bool)}  # fmt: skip


def _copy_columns(rows: Any) -> dict[str, np.ndarray] | None:
    """The rows through a binary COPY; None if the stream is not the fixed layout expected (then use the ORM)."""
    try:
        query, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. no PNEC at all: nothing to read
        return {name: np.zeros(0, dtype=dtype) for name, dtype in zip(COLUMNS, ("i8", "i8", "f8", "?"), strict=True)}
    buffer = bytearray()
    with connection.cursor() as cursor, cursor.connection.cursor().copy(
        f"COPY ({query}) TO STDOUT (FORMAT binary)", params
    ) as copy:  # fmt: skip
        for block in copy:
            buffer += block
    body = memoryview(buffer)[_HEADER : len(buffer) - _TRAILER]
    if len(buffer) < _HEADER + _TRAILER or len(body) % _COPY_ROW.itemsize:
        return None
    raw = np.frombuffer(body, dtype=_COPY_ROW)
    if any((raw[name] != length).any() for name, length in _COPY_LENGTHS.items()):
        return None
    return {name: raw[name].astype(raw.dtype[name].newbyteorder("=")) for name in COLUMNS}


PHASES = 4  # progress is reported per phase: read, grouped statistics, RQs, ranking


def compute(run: AssessmentRun, progress: Any = None) -> dict[str, Any]:
    """The run's inputs and results (pure reads; no write).

    All results are read at once and grouped by site and substance with whole-array operations
    (:mod:`npgov.science.mec`); per group only the result rows are built in Python.
    """
    pnecs = lowest_pnecs(compartment=run.compartment, verified_only=run.verified_pnecs_only)
    results = _results(run).filter(substance_id__in=list(pnecs))
    last_id = results.order_by("-id").values_list("id", flat=True).first()
    report = progress or (lambda done, total: None)
    columns = _columns(results)
    report(1, PHASES)  # read
    pairs, keys = pd.factorize((columns["site_id"] << 32) | columns["substance_id"], sort=True)
    site_ids, substance_ids = (keys >> 32).tolist(), (keys & 0xFFFFFFFF).tolist()
    data = group_values(pairs, columns["value"], columns["censored"], n_groups=len(keys))
    concentrations, extremes = exposure_concentrations(data, run.mec_statistic)
    report(2, PHASES)  # grouped statistics
    from npgov.monitoring.models import Site

    site_codes = dict(Site.objects.values_list("pk", "code"))
    cas_of = {sid: pnec.substance.cas or str(sid) for sid, pnec in pnecs.items()}
    per_site, norman_rows = [], []
    n, detects = data.n.tolist(), extremes.detects.tolist()
    for g, (site_id, substance_id, concentration) in enumerate(
        zip(site_ids, substance_ids, concentrations, strict=True)
    ):
        pnec, cas = pnecs[substance_id].value_ng_l, cas_of[substance_id]
        if concentration["upper_bound"]:
            rq = risk_quotient(mec=None, pnec=pnec, loq=concentration["value"])
        else:
            rq = risk_quotient(mec=concentration["value"], pnec=pnec, statistic=concentration["statistic"])
            rq["notes"] = concentration["notes"]
        per_site.append({"site": site_codes.get(site_id, str(site_id)), "site_id": site_id,
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
    return {"inputs": inputs, "results": {"sites": per_site, "substances": priorities}}


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def digest_of(results: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(results, sort_keys=True, default=str).encode()).hexdigest()


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
