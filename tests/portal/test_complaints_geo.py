"""science.geo: great-circle distances, bounding boxes, nearest items and point in polygon (pure Python)."""

from __future__ import annotations

import math

import pytest

from npgov.science.geo import (
    bounding_box,
    feature_at,
    haversine_km,
    nearest,
    point_in_geometry,
    point_in_polygon,
    valid_point,
)

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    # one degree of latitude ≈ 111.2 km on the mean sphere
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)
    # Dalian (38.914, 121.614) to Lianyungang (34.597, 119.222): about 526 km
    assert haversine_km(38.914, 121.614, 34.597, 119.222) == pytest.approx(526, abs=5)
    # symmetric, antipodes half the circumference
    assert haversine_km(10, 20, -10, -160) == pytest.approx(math.pi * 6371.0088, rel=1e-6)
    assert haversine_km(38.9, 121.6, 39.0, 121.7) == haversine_km(39.0, 121.7, 38.9, 121.6)


def test_the_bounding_box_holds_the_circle() -> None:
    box = bounding_box(38.95, 121.46, 3.0)
    for bearing in range(0, 360, 15):
        rad = math.radians(bearing)
        lat = 38.95 + (2.999 / 111.195) * math.cos(rad)
        lon = 121.46 + (2.999 / (111.195 * math.cos(math.radians(38.95)))) * math.sin(rad)
        assert haversine_km(38.95, 121.46, lat, lon) <= 3.0
        assert box.contains(lat, lon)
    assert not box.contains(39.1, 121.46)
    polar = bounding_box(89.99, 0, 50)
    assert polar.west == -180 and polar.east == 180 and polar.north == 90
    with pytest.raises(ValueError):
        bounding_box(0, 0, -1)
    with pytest.raises(ValueError):
        bounding_box(0, 0, math.inf)


def test_nearest_sorts_by_distance_within_the_radius_and_limit() -> None:
    points = [("far", 39.2, 121.46), ("near", 38.951, 121.46), ("nearer", 38.9501, 121.46), ("none", None, None),
              ("mid", 38.96, 121.46)]  # fmt: skip
    found = nearest(38.95, 121.46, points, radius_km=3, limit=2)
    assert [item for item, _km in found] == ["nearer", "near"]
    assert found[0][1] == pytest.approx(0.0111, abs=0.001)
    assert [i for i, _ in nearest(38.95, 121.46, points, radius_km=3, limit=10)] == ["nearer", "near", "mid"]


def test_point_in_polygon_with_a_hole() -> None:
    assert point_in_polygon(5, 2, [SQUARE])
    assert not point_in_polygon(5, 11, [SQUARE])
    assert not point_in_polygon(5, 5, [SQUARE, HOLE])  # in the hole
    assert point_in_polygon(5, 2, [SQUARE, HOLE])
    assert not point_in_polygon(5, 5, [])
    assert not point_in_polygon(5, 5, [[[0, 0], [1, 1]]])  # not a ring


def test_multipolygons_and_features() -> None:
    far_square = [[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0], [20.0, 30.0], [20.0, 20.0]]]
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], far_square]}
    assert point_in_geometry(25, 25, multi) and point_in_geometry(1, 1, multi)
    assert not point_in_geometry(15, 15, multi)
    assert not point_in_geometry(1, 1, {"type": "Point", "coordinates": [1, 1]})
    features = [
        {"properties": {"level": "city", "adcode": "1"}, "geometry": multi},
        {"properties": {"level": "district", "adcode": "2"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
    ]
    assert feature_at(1, 1, features)["properties"]["adcode"] == "1"
    assert feature_at(1, 1, features, level="district")["properties"]["adcode"] == "2"
    assert feature_at(25, 25, features, level="district") is None


def test_valid_point() -> None:
    assert valid_point(38.9, 121.6)
    assert not valid_point(math.nan, 121.6) and not valid_point(91, 0) and not valid_point(0, -181)
    assert not valid_point(0, math.inf)
