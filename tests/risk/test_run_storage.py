"""A run's results are rows (issue 17): lists and the list API never read them, pages read what they show.

Before, the results were one JSON column: the runs list and its API loaded every run's full results (22.6 MB for a
10-million-result run) and slowed down with each large run.
"""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from npgov.monitoring.models import Site
from npgov.risk.models import AssessmentRun, RunResultRow
from npgov.risk.results import results_store, row_score, section_count, section_rows
from npgov.risk.runs import compare, digest_of
from tests.conftest import Personas, client_for
from tests.monitoring.factories import SiteFactory
from tests.risk.factories import AssessmentRunFactory

pytestmark = pytest.mark.django_db


def _results(sites: list[int], substances: int, seed: int = 1) -> dict[str, Any]:
    """Results as ``runs.compute`` shapes them: site × substance rows (RQs with ties and gaps) and a ranking."""
    rng = random.Random(seed)
    rows = []
    for site in sites:
        for s in range(1, substances + 1):
            rq = rng.choice([None, 0.0, 0.05, 0.5, 0.5, 2.0, round(rng.random() * 10, 3)])
            category = "cannot conclude" if rq is None else "high" if rq >= 1 else "medium" if rq >= 0.1 else "low"
            rows.append({"site": f"S-{site}", "site_id": site, "substance_id": s, "cas": f"{s}-00-0", "n": 4,
                         "detects": 2, "rq": rq, "rq_is_upper_bound": rq == 0.05, "category": category,
                         "notes": ["test"]})  # fmt: skip
    ranking = [{"cas": f"{s}-00-0", "name": f"物质{s}", "substance_id": s, "risk_score": round(3 - s / 10, 2),
                "frequency_of_exceedance": 0.5, "extent_of_exceedance": 2.0, "frequency_score": 1.0,
                "extent_score": 1.0, "category": 1} for s in range(1, substances + 1)]  # fmt: skip
    return {"sites": rows, "substances": ranking}


def _big_run(n_sites: int = 4, substances: int = 30) -> AssessmentRun:
    sites = [SiteFactory().pk for _ in range(n_sites)]
    Site.objects.filter(pk__in=sites).update(code=Concat(Value("S-"), Cast("pk", CharField())))  # as rows name them
    return AssessmentRunFactory(status="done", results=_results(sites, substances), digest="0" * 64)


def test_results_are_stored_as_rows_and_read_back_exactly(org: None) -> None:
    results = _results([11, 12], 5)
    run = AssessmentRunFactory(status="done", results=results, estimate_unmonitored=False)
    assert RunResultRow.objects.filter(run=run).count() == 2 * 5 + 5
    fresh = AssessmentRun.objects.get(pk=run.pk)
    assert fresh.results == results and digest_of(fresh.results) == digest_of(results)
    fresh.results = {"sites": results["sites"][:3], "substances": []}  # storing again replaces the rows
    fresh.save()
    assert AssessmentRun.objects.get(pk=run.pk).results == {"sites": results["sites"][:3], "substances": []}
    assert section_count(fresh, "sites") == 3 and section_count(fresh, "substances") == 0
    health = AssessmentRunFactory(kind="health", status="done")
    assert health.results == {"rows": [], "sites": []}  # each kind's sections, empty
    estimating = AssessmentRunFactory(status="done")  # an ecological run with estimates has a third section
    assert estimating.results == {"sites": [], "substances": [], "estimates": []}
    with pytest.raises(ValueError):
        results_store(run, {"everything": [{}]})


def test_pages_read_the_rows_in_the_order_the_whole_list_had(org: None) -> None:
    run = _big_run()
    everything = AssessmentRun.objects.get(pk=run.pk).results["sites"]
    by_rq = sorted(everything, key=lambda r: -(r.get("rq") or 0))  # the detail page's order before (stable)
    assert section_rows(run, "sites", by_score=True) == by_rq
    assert section_rows(run, "sites", by_score=True, limit=7) == by_rq[:7]
    assert section_rows(run, "sites", by_score=True, substance_id=3) == [r for r in by_rq if r["substance_id"] == 3]
    assert row_score("health", "sites", {"hi_child": None, "hi_adult": 0.7}) == 0.7
    assert row_score("ecological", "sites", {"rq": float("inf")}) == 0.0  # never stored as infinity


def test_the_runs_list_and_its_api_never_select_the_result_rows(personas: Personas) -> None:
    def queries(url: str) -> list[str]:
        client = client_for(personas.bureau)
        client.get(url)  # warm: session, permissions
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    _big_run(n_sites=1, substances=2)
    urls = [reverse("risk:run_list"), reverse("api:risk-run-list")]
    small = {url: queries(url) for url in urls}
    for _ in range(3):
        _big_run(n_sites=5, substances=40)  # 200 site rows each
    for url in urls:
        sql = queries(url)
        assert len(sql) == len(small[url]), url  # as many queries with four runs of 200 rows as with one
        assert not [q for q in sql if "risk_runresultrow" in q], url
        assert not [q for q in sql if '"inputs"' in q], url  # nor the inputs snapshot


def test_the_detail_page_map_substance_page_exports_and_compare_read_the_rows(personas: Personas) -> None:
    run = _big_run(n_sites=3, substances=120)  # 360 site rows: the page shows 300
    everything = AssessmentRun.objects.get(pk=run.pk).results
    by_rq = sorted(everything["sites"], key=lambda r: -(r.get("rq") or 0))
    client = client_for(personas.bureau)
    detail = client.get(reverse("risk:run_detail", args=[run.pk]))
    assert detail.status_code == 200
    assert detail.context["sites"] == by_rq[:300] and detail.context["site_count"] == 360
    assert [p["cas"] for p in detail.context["substances"]] == [p["cas"] for p in everything["substances"]]
    printed = client.get(reverse("risk:run_detail", args=[run.pk]) + "?print=1")
    flagged = [r for r in by_rq if r["category"] in ("high", "cannot conclude")]  # what the report prints
    assert printed.context["sites"] == flagged and printed.context["site_count"] == 360 and 0 < len(flagged) < 360
    workbook = load_workbook(io.BytesIO(client.get(reverse("risk:run_detail", args=[run.pk]) + "?export=xlsx")
                                        .content))  # fmt: skip
    sheets = workbook.worksheets
    assert sheets[1].max_row == 1 + 120 and sheets[2].max_row == 1 + 360
    csv = client.get(reverse("risk:run_detail", args=[run.pk]) + "?export=csv")
    assert len(b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()) == 1 + 120
    points = client.get(reverse("risk:run_map", args=[run.pk])).context["points"]
    assert len(points) == 3 and sum(len(p["by_substance"]) for p in points) == 360
    first = by_rq[0]  # the map reads a few keys of each row, with their JSON types on either database
    shown = next(p for p in points if p["code"] == first["site"])["by_substance"][first["cas"]]
    assert shown == [first["category"], first["rq"], first["rq_is_upper_bound"]]
    assert next(p for p in points if p["code"] == first["site"])["max_rq"] == max(
        r["rq"] or 0 for r in everything["sites"] if r["site"] == first["site"] and not r["rq_is_upper_bound"])
    other = AssessmentRunFactory(status="done", results={"sites": [], "substances": everything["substances"][:2]})
    rows = compare(run, other)
    assert len(rows) == 120 and sum(r["changed"] for r in rows) == 118
    api = client.get(reverse("api:risk-run-detail", args=[run.pk])).json()
    assert api["results"] == everything


def test_a_health_runs_page_shows_its_first_rows_and_streams_the_csv(personas: Personas) -> None:
    rows = [{"site": "W-1", "site_id": 1, "substance_id": n, "cas": f"{n}-00-0", "name": "", "n": 1, "c_ng_l": 1.0,
             "statistic": "max", "upper_bound": False, "hq_adult": 1 / (n + 1), "hq_child": 2 / (n + 1),
             "cr_adult": None, "cr_child": None} for n in range(520)]  # fmt: skip
    sites = [{"site": f"W-{n}", "site_id": n, "hi_adult": n / 10, "hi_child": None, "cr_adult": 0, "cr_child": 0,
              "concern": False, "cannot_conclude": False} for n in range(1, 4)]  # fmt: skip
    run = AssessmentRunFactory(kind="health", status="done", results={"rows": rows, "sites": sites})
    client = client_for(personas.bureau)
    page = client.get(reverse("risk:run_detail", args=[run.pk]))
    assert page.context["rows"] == rows[:500] and page.context["row_count"] == 520
    assert [s["site"] for s in page.context["sites"]] == ["W-3", "W-2", "W-1"]  # highest hazard index first
    csv = client.get(reverse("risk:run_detail", args=[run.pk]) + "?export=csv")
    assert len(b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()) == 1 + 520


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_results_into_rows_and_back() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("risk", "0005_run_result_rows")])  # before the move: results in the JSON column
    apps = executor.loader.project_state([("risk", "0005_run_result_rows")]).apps
    old_run = apps.get_model("risk", "AssessmentRun")
    results = _results([7, 8], 3)
    eco = old_run.objects.create(title="旧评估", kind="ecological", compartment="freshwater", status="done",
                                 results=results)  # fmt: skip
    health = old_run.objects.create(title="旧健康评估", kind="health", compartment="freshwater", status="done",
                                    results={"rows": [{"site_id": 1, "hq_child": 2.0}], "sites": []})  # fmt: skip
    empty = old_run.objects.create(title="空", kind="ecological", compartment="freshwater", results={})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert AssessmentRun.objects.get(pk=eco.pk).results == results
    assert AssessmentRun.objects.get(pk=health.pk).results == {"rows": [{"site_id": 1, "hq_child": 2.0}], "sites": []}
    assert RunResultRow.objects.get(run_id=health.pk).score == 2.0
    assert AssessmentRun.objects.get(pk=empty.pk).results == {"sites": [], "substances": []}
    executor = MigrationExecutor(connection)
    executor.migrate([("risk", "0005_run_result_rows")])  # and back: the column gets its JSON again
    apps = executor.loader.project_state([("risk", "0005_run_result_rows")]).apps
    assert apps.get_model("risk", "AssessmentRun").objects.get(pk=eco.pk).results == results
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
