"""Where a complaint goes: the district from the reported point (or the one chosen), the department from the topic.

The district boundaries are the ones the maps draw (``static/vendor/boundaries/<city code>.geojson``); the
point-in-polygon geometry is in ``npgov.science.geo``. A topic names the function of the responsible
department; a city without a department of that function gives the complaint to its lead department.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from npgov.core.choices import DistrictKind
from npgov.core.models import Department, DepartmentFunction, District
from npgov.core.selectors import department_by_function, department_lead
from npgov.science.geo import feature_at

BOUNDARIES = Path(__file__).resolve().parents[2] / "static" / "vendor" / "boundaries"

# Topic → the declared function of the department that handles it.
TOPIC_FUNCTION = {
    "emission": DepartmentFunction.ECOLOGY_ENVIRONMENT,
    "chemical_waste": DepartmentFunction.ECOLOGY_ENVIRONMENT,
    "other": DepartmentFunction.ECOLOGY_ENVIRONMENT,
    "product": DepartmentFunction.MARKET_REGULATION,
    "pesticide": DepartmentFunction.AGRICULTURE,
    "trade": DepartmentFunction.CUSTOMS,
    "marine": DepartmentFunction.OCEAN,
}


@lru_cache(maxsize=1)
def boundary_features() -> tuple[dict[str, Any], ...]:
    """Every district feature of the shipped boundary files (read once per process)."""
    features: list[dict[str, Any]] = []
    for path in sorted(BOUNDARIES.glob("*.geojson")):
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        features.extend(f for f in data.get("features", []) if (f.get("properties") or {}).get("level") == "district")
    return tuple(features)


def district_code_at(lat: float, lon: float) -> str | None:
    """The GB/T 2260 code of the district whose boundary holds the point, or None outside every one."""
    feature = feature_at(lat, lon, boundary_features(), level="district")
    return None if feature is None else str(feature["properties"]["adcode"])


def district_at(lat: float, lon: float) -> District | None:
    code = district_code_at(lat, lon)
    return None if code is None else District.objects.filter(code=code).first()


def city_of(district: District | None) -> District | None:
    """The city a district lies in (itself if it is one); the first city with departments when unknown."""
    node, seen = district, set()
    while node is not None and node.pk not in seen:
        if node.kind == DistrictKind.CITY:
            return node
        seen.add(node.pk)
        node = node.parent
    return District.objects.filter(kind=DistrictKind.CITY, departments__isnull=False).order_by("code").first()


def department_for(topic: str, city: District | None) -> Department | None:
    """The department of the topic's function in the city, else the city's lead department."""
    function = TOPIC_FUNCTION.get(topic, DepartmentFunction.ECOLOGY_ENVIRONMENT)
    department = department_by_function(function=function, city=city)
    if department is None and city is not None:
        department = department_lead(city=city)
    return department
