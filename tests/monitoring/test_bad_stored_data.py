"""Issue #16: a non-finite value stored before the ranges existed must not break the pages that read it
(site page and its CSV, statistics API, map data, series, results API)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from npgov.monitoring.models import Result
from npgov.substances.models import Substance
from tests.conftest import client_for
from tests.monitoring.conftest import import_file, long_file

pytestmark = pytest.mark.django_db


UPDATE = "UPDATE monitoring_result SET value = %(v)s, lod = %(v)s WHERE qualifier = 'detected'"


def _store_non_finite(value: str) -> None:
    """Write a value past the validators and the check constraints, as an old database may hold it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = 1")
            literal = {"inf": "9e999", "-inf": "-9e999"}[value]
            cursor.execute(UPDATE % {"v": literal})
            cursor.execute("PRAGMA ignore_check_constraints = 0")
        else:
            for name in ("monitoring_result_value_range", "monitoring_result_lod_range", "mon_result_lod_le_loq"):
                cursor.execute(f"ALTER TABLE monitoring_result DROP CONSTRAINT IF EXISTS {name}")
            literal = {"inf": "'Infinity'", "-inf": "'-Infinity'", "nan": "'NaN'"}[value]
            cursor.execute(UPDATE % {"v": literal})


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_pages_and_api_survive_non_finite_stored_values(
    tmp_path: Path, personas, sites: dict, labs: dict, value: str
) -> None:
    if value == "nan" and connection.vendor == "sqlite":
        pytest.skip("SQLite stores NaN as NULL")
    assert import_file(long_file(tmp_path)).ok
    _store_non_finite(value)
    site = sites["DL-DW-01"]
    pfos = Substance.objects.get(cas="1763-23-1")
    client = client_for(personas.bureau)
    urls = [
        reverse("monitoring:site_detail", args=[site.pk]),
        reverse("monitoring:site_detail", args=[site.pk]) + "?export=csv",
        reverse("monitoring:site_series", args=[site.pk]) + f"?substance={pfos.pk}&matrix=water",
        reverse("monitoring:substance_monitoring", args=[pfos.pk]),
        reverse("monitoring:result_list"),
        reverse("api:monitoring-result-list"),
        reverse("api:monitoring-statistics") + f"?substance={pfos.pk}",
        reverse("api:monitoring-statistics") + f"?substance={pfos.pk}&group=site",
    ]
    urls += [reverse("monitoring:map_data") + f"?substance={pfos.pk}&statistic={statistic}"
             for statistic in ("detection_frequency", "km_mean", "max_detected", "n")]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"].startswith("application/json"):
            assert b"Infinity" not in response.content and b"NaN" not in response.content, url
    assert Result.objects.count() == 7
