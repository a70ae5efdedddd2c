"""The statistics pages read the maintained cells and give the numbers a computation from the raw results gives.

Issue 17: the map data, site detail, substance monitoring panel, statistics API, three-highs screening and the
portal's aggregates read ``SummaryCell``/``SeriesSummary``. A period with a day-level start or end reads the raw
results instead (yearly cells cannot answer it); both paths must agree, and both must agree with
``science.censored`` applied to the raw results directly.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pytest
from django.urls import reverse

from npgov.core.models import District
from npgov.monitoring import selectors, summaries
from npgov.monitoring.models import Result, SeriesSummary, SummaryCell
from npgov.science.censored import summarise
from tests.conftest import Personas, client_for
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.usefixtures("org")

DAY_LEVEL = date(2000, 1, 2)  # a start that cuts a year and precedes every result: the raw path over everything


def build(seed: int = 7, sites: int = 5, substances: int = 3) -> dict[str, Any]:
    """Sites in two districts and three kinds, results over three years: detects and non-detects at several
    limits, ties, a not-analysed result, sediment beside water; then the maintained rows rebuilt."""
    rng = random.Random(seed)
    districts = [District.objects.get(code="210211"), District.objects.get(code="210283")]
    made_sites = [
        SiteFactory(district=districts[i % 2], kind=("river", "lake", "coastal")[i % 3], latitude=39.0 + i / 100)
        for i in range(sites)
    ]
    made_substances = [SubstanceFactory() for _ in range(substances)]
    for site in made_sites:
        for year in (2023, 2024, 2025):
            for month in (3, 8):
                for matrix in ("water", "sediment") if site.kind == "river" else ("water",):
                    moment = datetime(year, month, rng.randint(1, 27), rng.randint(0, 23), tzinfo=UTC)
                    sample = SampleFactory(site=site, sampled_at=moment, matrix=matrix)
                    for substance in made_substances:
                        kind = rng.random()
                        if kind < 0.05:
                            ResultFactory(sample=sample, substance=substance, qualifier="not_analysed", value=None,
                                          value_reported="NA")  # fmt: skip
                            continue
                        censored = kind < 0.45
                        value = rng.choice((0.5, 1.0, 2.0)) if censored else round(rng.lognormvariate(0.5, 1.0), 2)
                        qualifier = rng.choice(("lt_lod", "lt_loq")) if censored else "detected"
                        ResultFactory(sample=sample, substance=substance, qualifier=qualifier, value=value,
                                      value_reported=f"<{value}" if censored else str(value))  # fmt: skip
    summaries.rebuild()
    return {"sites": made_sites, "substances": made_substances, "districts": districts}


def close(a: Any, b: Any, path: str = "") -> None:
    """Deep equality, floats to 1e-9 relative (a sum in another order may differ in the last bit)."""
    if isinstance(a, dict):
        assert set(a) == set(b), path
        for key in a:
            close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12, nan_ok=True), path
    else:
        assert a == b, path


def raw_arrays(results: Any) -> tuple[np.ndarray, np.ndarray]:
    rows = list(results.filter(selectors.MEASURED).values_list("value", "qualifier"))
    return np.array([r[0] for r in rows], dtype=float), np.array([r[1] in selectors.CENSORED for r in rows])


def test_the_maintained_rows_are_there_and_the_period_decides_the_source(personas: Personas) -> None:
    build(sites=2, substances=1)
    user = personas.bureau
    assert SummaryCell.objects.exists() and SeriesSummary.objects.exists()
    assert selectors.Filters().source(user).cells
    assert selectors.Filters(start=date(2024, 1, 1), end=date(2025, 12, 31)).source(user).cells
    assert not selectors.Filters(start=date(2024, 1, 2)).source(user).cells
    assert not selectors.Filters(end=date(2024, 6, 30)).source(user).cells


def test_the_substance_panel_from_cells_equals_the_raw_results(personas: Personas) -> None:
    data = build()
    substance = data["substances"][0]
    cells = selectors.substance_monitoring(substance=substance, user=personas.bureau, filters=selectors.Filters())
    raw = selectors.substance_monitoring(
        substance=substance, user=personas.bureau, filters=selectors.Filters(start=DAY_LEVEL)
    )
    assert [b["matrix"] for b in cells["blocks"]] == ["water", "sediment"]
    close(_blocks(cells), _blocks(raw))
    # and both equal science.censored on the raw results themselves
    values, censored = raw_arrays(Result.objects.filter(substance=substance, matrix="water"))
    close(cells["blocks"][0]["overall"], selectors.summary_row(values, censored))
    coastal = Result.objects.filter(substance=substance, matrix="water", site__kind="coastal")
    by_kind = {row["key"]: row for row in cells["blocks"][0]["tables"][0][1]}
    assert by_kind["coastal"]["km"]["mean"] == pytest.approx(summarise(*raw_arrays(coastal))["km"]["mean"])
    assert cells["blocks"][0]["sites"] == len(data["sites"])


def _blocks(data: dict[str, Any]) -> list[Any]:
    return [
        {"matrix": b["matrix"], "overall": b["overall"], "sites": b["sites"],
         "tables": [[{k: v for k, v in row.items() if k != "label"} for row in rows] for _t, rows, _c in b["tables"]]}
        for b in data["blocks"]
    ]  # fmt: skip


def test_whole_years_read_cells_and_equal_the_same_period_read_raw(personas: Personas) -> None:
    data = build()
    substance = data["substances"][1]
    # no sample falls on 31 December (see build): ending on the 30th reads the same results from the raw table
    whole = selectors.Filters(start=date(2024, 1, 1), end=date(2024, 12, 31))
    cut = selectors.Filters(start=date(2024, 1, 1), end=date(2024, 12, 30))
    assert whole.source(personas.bureau).cells and not cut.source(personas.bureau).cells
    a = selectors.substance_monitoring(substance=substance, user=personas.bureau, filters=whole)
    b = selectors.substance_monitoring(substance=substance, user=personas.bureau, filters=cut)
    close(_blocks(a), _blocks(b))
    assert (
        a["blocks"][0]["overall"]["n"]
        == Result.objects.filter(selectors.MEASURED, substance=substance, matrix="water", sampled_at__year=2024).count()
    )


@pytest.mark.parametrize("statistic", list(selectors.MAP_STATISTICS))
def test_map_data_from_cells_equals_the_raw_results(personas: Personas, statistic: str) -> None:
    data = build()
    substance = data["substances"][0]
    kwargs = {"user": personas.bureau, "substance_id": substance.pk, "statistic": statistic, "matrix": "water"}
    cells = selectors.map_sites(filters=selectors.Filters(), **kwargs)
    raw = selectors.map_sites(filters=selectors.Filters(start=DAY_LEVEL), **kwargs)
    close(cells, raw)
    site = data["sites"][0]
    values, censored = raw_arrays(Result.objects.filter(substance=substance, matrix="water", site=site))
    feature = next(f for f in cells["sites"] if f["id"] == site.pk)
    expected = {"km_mean": summarise(values, censored)["km"]["mean"], "n": values.size,
                "detection_frequency": (~censored).sum() / values.size,
                "max_detected": values[~censored].max()}[statistic]  # fmt: skip
    assert feature["value"] == pytest.approx(expected)


def test_a_district_user_reads_the_cells_of_their_district_only(personas: Personas) -> None:
    data = build()
    substance = data["substances"][0]
    mine = {s.pk for s in data["sites"] if s.district.code == "210211"}
    result = selectors.map_sites(user=personas.district, substance_id=substance.pk, statistic="n",
                                 filters=selectors.Filters(), matrix="water")  # fmt: skip
    assert {f["id"] for f in result["sites"]} == mine
    panel = selectors.substance_monitoring(substance=substance, user=personas.district, filters=selectors.Filters())
    water = panel["blocks"][0]
    assert water["sites"] == len(mine)
    expected = Result.objects.filter(selectors.MEASURED, substance=substance, matrix="water", site_id__in=mine)
    assert water["overall"]["n"] == expected.count()


def test_site_detail_reads_the_series_rows_and_equals_the_raw_series(personas: Personas) -> None:
    data = build()
    site = data["sites"][0]
    stored = selectors.site_substances(site=site, user=personas.bureau, filters=selectors.Filters())
    raw = selectors._site_substances_raw(site=site, user=personas.bureau, filters=selectors.Filters())
    key = lambda rows: {(r["substance"].pk, r["matrix"]): r for r in rows}  # noqa: E731
    assert key(stored).keys() == key(raw).keys()
    for k, row in key(stored).items():
        close(row["summary"], _jsonable(key(raw)[k]["summary"]), str(k))
        close(row["trend"], _jsonable(key(raw)[k]["trend"]), str(k))
        assert (row["first"], row["last"]) == (key(raw)[k]["first"], key(raw)[k]["last"])
    response = client_for(personas.bureau).get(reverse("monitoring:site_detail", args=[site.pk]))
    assert response.status_code == 200
    assert data["substances"][0].name_zh in response.content.decode()


def _jsonable(value: Any) -> Any:
    """What a JSON column gives back (NaN and infinities stored as null)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def test_a_site_whose_series_rows_are_pending_is_computed_from_its_results(personas: Personas) -> None:
    data = build(sites=2, substances=2)
    site = data["sites"][0]
    before = selectors.site_substances(site=site, user=personas.bureau, filters=selectors.Filters())
    SeriesSummary.objects.filter(site=site, substance=data["substances"][0]).delete()  # as a deferred refresh leaves it
    after = selectors.site_substances(site=site, user=personas.bureau, filters=selectors.Filters())
    assert [(r["substance"].pk, r["matrix"]) for r in after] == [(r["substance"].pk, r["matrix"]) for r in before]
    close([_jsonable(r["summary"]) for r in after], [r["summary"] for r in before])


@pytest.mark.parametrize("group", ["site_kind", "district", "site", "none"])
def test_the_statistics_api_from_cells_equals_the_raw_results(personas: Personas, group: str) -> None:
    data = build()
    client = client_for(personas.bureau)
    url = reverse("api:monitoring-statistics")
    query = {"substance": data["substances"][2].pk, "matrix": "water", "group": group}
    cells = client.get(url, query).json()
    raw = client.get(url, {**query, "start": DAY_LEVEL.isoformat()}).json()
    assert cells and len(cells) == len(raw)
    close(cells, raw)
    if group == "site_kind":
        lake = Result.objects.filter(substance=data["substances"][2], matrix="water", site__kind="lake")
        row = next(r for r in cells if r["key"] == "lake")
        assert row["km"]["mean"] == pytest.approx(summarise(*raw_arrays(lake))["km"]["mean"])


def test_substance_detections_count_from_cells_as_from_results() -> None:
    data = build()
    rows = {r["substance_id"]: r for r in selectors.substance_detections(matrix="water")}
    for substance in data["substances"]:
        results = Result.objects.filter(selectors.MEASURED, substance=substance, matrix="water")
        expected_n, detected = results.count(), results.filter(qualifier="detected").count()
        row = rows[substance.pk]
        assert (row["n"], row["detected"]) == (expected_n, detected)
        assert row["sites"] == results.values("site").distinct().count()
        assert row["detection_frequency"] == pytest.approx(detected / expected_n)


def test_public_aggregates_from_cells_equal_the_raw_results() -> None:
    data = build()
    substance = data["substances"][0]
    measured = Result.objects.filter(selectors.MEASURED)
    assert selectors.public_years() == [2025, 2024, 2023]
    assert set(selectors.public_substance_ids()) == {s.pk for s in data["substances"]}
    filters = selectors.PublicFilters(substance_id=substance.pk)
    assert selectors.public_main_matrix(filters) == "water"
    by_district = {r["code"]: r for r in selectors.public_group_counts(filters=filters, group="district")}
    for district in data["districts"]:
        mine = measured.filter(substance=substance, site__district=district)
        row = by_district[district.code]
        assert (row["n"], row["sites"]) == (mine.count(), mine.values("site").distinct().count())
        assert row["km_mean"] == pytest.approx(summarise(*raw_arrays(mine.filter(matrix="water")))["km"]["mean"])
        assert row["last"] == max(mine.values_list("sampled_at", flat=True))
    by_substance = {(r["substance_id"], r["matrix"]): r for r in selectors.public_by_substance(filters=filters)}
    sediment = measured.filter(substance=substance, matrix="sediment")
    assert by_substance[(substance.pk, "sediment")]["n"] == sediment.count()
    assert by_substance[(substance.pk, "sediment")]["km_mean"] == pytest.approx(
        summarise(*raw_arrays(sediment))["km"]["mean"]
    )
    yearly = {r["year"]: r for r in selectors.public_yearly(filters=filters)}
    in_2024 = measured.filter(substance=substance, matrix="water", sampled_at__year=2024)
    assert yearly[2024]["km_mean"] == pytest.approx(summarise(*raw_arrays(in_2024))["km"]["mean"])
    site = data["sites"][1]
    feature = next(f for f in selectors.public_sites(filters=filters)["sites"] if f["id"] == site.pk)
    at_site = measured.filter(substance=substance, site=site)
    assert feature["n"] == at_site.count()
    assert feature["km_mean"] == pytest.approx(summarise(*raw_arrays(at_site.filter(matrix="water")))["km"]["mean"])
    panel = selectors.public_substance_monitoring(substance_id=substance.pk)
    close(panel["blocks"][0]["overall"], selectors.summary_row(*raw_arrays(measured.filter(
        substance=substance, matrix="water"))))  # fmt: skip
    codes = {row["code"] for row in panel["blocks"][0]["by_district"]}
    assert codes == {"210211", "210283"}


def test_yearly_cells_follow_local_calendar_years(personas: Personas) -> None:
    site, substance = SiteFactory(), SubstanceFactory()
    # 2024-12-31 20:00 UTC is 2025-01-01 04:00 in Dalian: a 2025 result
    sample = SampleFactory(site=site, sampled_at=datetime(2024, 12, 31, 20, tzinfo=UTC))
    ResultFactory(sample=sample, substance=substance, value=3.0)
    summaries.rebuild()
    assert selectors.public_years() == [2025]
    whole = selectors.Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    source = whole.source(personas.bureau).filter(substance=substance, matrix="water")
    rows = selectors.grouped_summaries(source, "matrix")
    assert rows[0]["n"] == 1


def test_pooling_merges_cells_exactly() -> None:
    from npgov.monitoring.pooling import pool_cells, pool_results
    from npgov.science.distributions import from_results

    rng = np.random.default_rng(3)
    rows_raw, rows_cells = [], []
    buckets: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for index in range(60):
        key = "abc"[index % 3]
        value = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
        qualifier = "lt_lod" if rng.random() < 0.4 else "detected"
        rows_raw.append((key, value, qualifier))
        buckets[f"{key}{index % 2}"].append((value, qualifier))
    for cell, items in buckets.items():
        table = from_results([v for v, _q in items], [q == "lt_lod" for _v, q in items])
        rows_cells.append((cell[0], table.as_json()))
    keys_a, a = pool_results(rows_raw, 1)
    keys_b, b = pool_cells(rows_cells, 1)
    order_a, order_b = np.argsort(keys_a), np.argsort(keys_b)
    assert sorted(keys_a) == sorted(keys_b) == ["a", "b", "c"]
    for i, j in zip(order_a, order_b, strict=True):
        lo_a, hi_a, lo_b, hi_b = a.start[i], a.start[i + 1], b.start[j], b.start[j + 1]
        assert np.array_equal(a.values[lo_a:hi_a], b.values[lo_b:hi_b])
        assert np.array_equal(a.censored[lo_a:hi_a], b.censored[lo_b:hi_b])
