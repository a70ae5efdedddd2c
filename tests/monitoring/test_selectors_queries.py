"""The statistics pages run as many queries with ten sites and three substances as with one site and one.

Issue 17: they read the maintained cells in a fixed number of grouped queries (no query per site, substance,
district or year), and the map page's substance choices are a subquery on the cells, never a DISTINCT over results.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.monitoring import summaries
from npgov.monitoring.models import Site
from tests.conftest import Personas, client_for
from tests.monitoring.test_selectors_cells import build

pytestmark = pytest.mark.usefixtures("org")


def _pages(substance_id: int, site_id: int) -> dict[str, str]:
    statistics = reverse("api:monitoring-statistics") + f"?substance={substance_id}&matrix=water"
    return {
        "map": reverse("monitoring:map"),
        "map km_mean": reverse("monitoring:map_data") + f"?substance={substance_id}&statistic=km_mean",
        "map detection": reverse("monitoring:map_data") + f"?substance={substance_id}&statistic=detection_frequency",
        "site detail": reverse("monitoring:site_detail", args=[site_id]),
        "substance panel": reverse("monitoring:substance_monitoring", args=[substance_id]),
        "statistics by kind": statistics + "&group=site_kind",
        "statistics by district": statistics + "&group=district",
        "statistics by year": statistics + "&start=2024-01-01&end=2025-12-31",
    }


def _count(client: Any, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm: first-use caches (permissions, navigation) are not the page's cost
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries]


@pytest.mark.parametrize("role", ["bureau", "district"])
def test_statistics_pages_run_a_fixed_number_of_queries_as_data_grow(personas: Personas, role: str) -> None:
    small = build(seed=1, sites=2, substances=1)
    substance, site = small["substances"][0], small["sites"][0]
    client = client_for(personas.get(role))
    pages = _pages(substance.pk, site.pk)
    before = {name: _count(client, url) for name, url in pages.items()}
    build(seed=2, sites=8, substances=3)  # more sites (both districts, every kind), substances, years' results
    summaries.rebuild()
    assert Site.objects.count() >= 10
    after = {name: _count(client, url) for name, url in pages.items()}
    for name in pages:
        assert after[name][0] <= before[name][0], (name, before[name][0], after[name][0], after[name][1])


def test_the_map_page_never_reads_distinct_substances_from_the_results(personas: Personas) -> None:
    data = build(seed=3, sites=2, substances=2)
    _n, sql = _count(client_for(personas.bureau), reverse("monitoring:map"))
    reads_results = [q for q in sql if '"monitoring_result"' in q]
    assert not reads_results, reads_results
    page = client_for(personas.bureau).get(reverse("monitoring:map")).content.decode()
    assert all(s.name_zh in page for s in data["substances"])


def test_statistics_without_a_day_level_period_never_read_the_results(personas: Personas) -> None:
    data = build(seed=4, sites=3, substances=1)
    pages = _pages(data["substances"][0].pk, data["sites"][0].pk)
    for name in ("map km_mean", "map detection", "substance panel", "statistics by kind", "statistics by year"):
        _n, sql = _count(client_for(personas.bureau), pages[name])
        assert not [q for q in sql if 'FROM "monitoring_result"' in q], name
    _n, sql = _count(client_for(personas.bureau), pages["substance panel"] + "?start=2024-03-05")
    assert [q for q in sql if 'FROM "monitoring_result"' in q]  # a day-level period reads the raw results
