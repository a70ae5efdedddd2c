"""Plane and sphere geometry for places on a map: distances between points and points inside boundaries.

Coordinates are WGS-84-like degrees, as GeoJSON writes them: a position is ``(longitude, latitude)``; the
functions here take ``lat`` and ``lon`` by name to avoid mixing them up. Distances are great-circle
(haversine) distances on a sphere of the mean Earth radius, within about 0.5 % of the ellipsoid: enough to
list what is near a reported place. Point in polygon uses the even-odd rule on the rings as drawn (the
simplified district boundaries are small enough for plane geometry).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180.0

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...], closed or not


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def valid_point(lat: float, lon: float) -> bool:
    """Whether the numbers are finite and within the ranges of latitude and longitude."""
    return all(math.isfinite(v) for v in (lat, lon)) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """A box holding every point within ``radius_km`` of the point (a cheap prefilter before exact distances).

    Near the poles the box would span every longitude; it then does.
    """
    if radius_km < 0 or not math.isfinite(radius_km):
        raise ValueError("radius_km must be a finite, non-negative number")
    dlat = radius_km / KM_PER_DEGREE_LAT
    cos_lat = math.cos(math.radians(lat))
    dlon = 180.0 if cos_lat < 1e-9 else min(180.0, radius_km / (KM_PER_DEGREE_LAT * cos_lat))
    return BoundingBox(max(-90.0, lat - dlat), max(-180.0, lon - dlon), min(90.0, lat + dlat), min(180.0, lon + dlon))


def nearest(
    lat: float, lon: float, points: Iterable[tuple[Any, float | None, float | None]], *, radius_km: float, limit: int
) -> list[tuple[Any, float]]:
    """The items of ``(item, lat, lon)`` within ``radius_km``, nearest first, at most ``limit``: (item, km)."""
    found: list[tuple[float, int, Any]] = []  # (km, arrival order, item): ties keep the given order
    for item, plat, plon in points:
        if plat is None or plon is None:
            continue
        km = haversine_km(lat, lon, plat, plon)
        if km <= radius_km:
            found.append((km, len(found), item))
    found.sort(key=lambda row: (row[0], row[1]))
    return [(item, km) for km, _order, item in found[:limit]]


def point_in_ring(lat: float, lon: float, ring: Ring) -> bool:
    """Even-odd rule: whether the point lies inside the ring (points on an edge may fall either way)."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat):
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def point_in_polygon(lat: float, lon: float, rings: Sequence[Ring]) -> bool:
    """A GeoJSON Polygon's coordinates: inside the outer ring and outside every hole."""
    if not rings or not point_in_ring(lat, lon, rings[0]):
        return False
    return not any(point_in_ring(lat, lon, hole) for hole in rings[1:])


def point_in_geometry(lat: float, lon: float, geometry: Mapping[str, Any]) -> bool:
    """Whether the point lies in a GeoJSON Polygon or MultiPolygon (other geometry types contain nothing)."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return point_in_polygon(lat, lon, coordinates)
    if kind == "MultiPolygon":
        return any(point_in_polygon(lat, lon, polygon) for polygon in coordinates)
    return False


def feature_at(
    lat: float, lon: float, features: Iterable[Mapping[str, Any]], *, level: str | None = None
) -> Mapping[str, Any] | None:
    """The first GeoJSON feature (of this ``properties.level``, if given) whose geometry holds the point."""
    for feature in features:
        properties = feature.get("properties") or {}
        if level is not None and properties.get("level") != level:
            continue
        if point_in_geometry(lat, lon, feature.get("geometry") or {}):
            return feature
    return None
