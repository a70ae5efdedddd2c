"""An assessment run's results, computed for all series at once, against one series at a time.

``runs.compute`` reads every result in one go (a binary COPY on PostgreSQL) and computes all site × substance
MECs together; here each series is read through the ORM and passed to ``site_risk_quotient`` on its own, and
the per-site rows to ``prioritise``, and the two must agree row for row. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from npgov.monitoring.models import Result, Site
from npgov.risk.models import AssessmentRun, Pnec
from npgov.risk.runs import compute
from npgov.science.prioritisation import prioritise
from npgov.science.risk import site_risk_quotient
from npgov.substances.models import Substance
from tests.monitoring.conftest import sites  # noqa: F401  (fixture)
from tests.monitoring.factories import SampleFactory
from tests.risk.factories import AssessmentRunFactory, PnecFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitoring(sites: dict[str, Site]) -> list[Substance]:  # noqa: F811  (the fixture)
    """Four substances with PNECs; 30 samples per site; ties, two limits, all-censored and all-detected series."""
    rng = np.random.default_rng(8)
    substances = SubstanceFactory.create_batch(4, cas=None)  # no CAS: the run names them by their id
    for substance, pnec in zip(substances, (0.5, 5.0, 50.0, 0.01), strict=True):
        PnecFactory(substance=substance, compartment="freshwater", value=pnec, unit="ng/L", verified=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    results = []
    for site in sites.values():
        for i in range(30):
            sample = SampleFactory(site=site, sampled_at=start + timedelta(days=7 * i), matrix="water")
            for k, substance in enumerate(substances):
                limit = (0.1, 0.3)[i % 2]
                x = round(float(np.exp(rng.normal((-1.0, 0.0, -8.0, 3.0)[k], 1.0))), 1)  # one decimal: ties
                censored = x < limit
                results.append(Result(
                    sample=sample, substance=substance, site=site, sampled_at=sample.sampled_at, matrix="water",
                    value_reported="x", unit_reported="ng/L", qualifier="lt_loq" if censored else "detected",
                    value=limit if censored else x, lod=limit / 3, loq=limit,
                ))  # fmt: skip
    Result.objects.bulk_create(results)
    # left out: a result not analysed, and a sediment result
    Result.objects.filter(pk=results[0].pk).update(value=None, qualifier="not_analysed")
    Result.objects.filter(pk=results[1].pk).update(matrix="sediment")
    return substances


def _expected(run: AssessmentRun, substances: list[Substance]) -> tuple[list[dict], list[dict]]:
    pnecs = {p.substance_id: p.value_ng_l for p in Pnec.objects.filter(substance__in=substances)}
    rows = Result.objects.filter(matrix="water", value__isnull=False).order_by("site_id", "substance_id", "pk")
    series: dict[tuple[int, int], list[tuple[float, bool]]] = {}
    for site_id, substance_id, value, qualifier in rows.values_list("site_id", "substance_id", "value", "qualifier"):
        series.setdefault((site_id, substance_id), []).append((value, qualifier in ("lt_lod", "lt_loq")))
    codes = dict(Site.objects.values_list("pk", "code"))
    per_site, norman = [], []
    for (site_id, substance_id), items in sorted(series.items()):
        x, c = np.array([v for v, _ in items]), np.array([f for _, f in items])
        rq = site_risk_quotient(values=x, censored=c, pnec=pnecs[substance_id], statistic=run.mec_statistic)
        cas = str(substance_id)
        per_site.append({"site": codes[site_id], "site_id": site_id, "substance_id": substance_id, "cas": cas,
                         "n": int(x.size), "detects": int((~c).sum()), **rq})  # fmt: skip
        norman.append({"cas": cas, "site": str(site_id), "mec": float(x[~c].max()) if (~c).any() else None,
                       "loq": float(x[c].min()) if c.any() else None, "pnec": pnecs[substance_id]})  # fmt: skip
    return per_site, prioritise(norman)


@pytest.mark.parametrize("statistic", ["max", "p95", "km_mean"])
def test_it_computes_every_series_as_one_at_a_time(monitoring: list[Substance], statistic: str) -> None:
    # given
    run = AssessmentRunFactory(compartment="freshwater", mec_statistic=statistic)
    # when
    data = compute(run)
    # then
    per_site, priorities = _expected(run, monitoring)
    assert data["results"]["sites"] == per_site
    assert [
        {k: v for k, v in p.items() if k not in ("name", "substance_id")} for p in data["results"]["substances"]
    ] == priorities
    assert data["inputs"]["results"] == sum(r["n"] for r in per_site) == 3 * 30 * 4 - 2
    categories = {r["category"] for r in per_site}
    assert {"high", "low"} <= categories and any(r["rq_is_upper_bound"] for r in per_site)


def test_a_run_without_results_is_empty(sites: dict[str, Site]) -> None:  # noqa: F811  (the fixture)
    run = AssessmentRunFactory(compartment="freshwater", mec_statistic="p95")
    data = compute(run)
    assert data["results"] == {"sites": [], "substances": [], "estimates": []} and data["inputs"]["results"] == 0
    assert data["inputs"]["estimates"] == {"computed": False, "reason": "no_survey"}  # no accepted survey report
