"""Demo monitoring data (``npgov demo`` only): synthetic results at Dalian's kinds of site over three years.

About 100,000 results from two laboratories with different limits, with non-detects written the ways
labs write them ("ND", "<0.5", "0.05L"), and a few built-in trends (PFOA falling, antibiotics rising at
aquaculture sites). Everything is invented and seeded, so a fresh database always gets the same file;
it goes through the real importer (as a long-format CSV), so the demo also exercises validation.
Site names follow Dalian's water bodies and areas; coordinates are approximate and the data fictitious.
"""

from __future__ import annotations

import csv
import math
import random
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from npgov.capacity.services import lab_get_or_create
from npgov.core.models import District, ImportBatch
from npgov.monitoring.importers import TARGET, import_results
from npgov.monitoring.models import MonitoringPlan, SamplingCampaign, Site
from npgov.monitoring.summaries import refresh_pending_series
from npgov.substances.selectors import substance_list

DEMO_FILE = "monitoring-demo-dalian-2023-2026.csv"
LAB_CITY = "大连市生态环境监测中心（演示）"
LAB_PRIVATE = "辽宁某检测技术有限公司（演示）"

# code, name, kind, district code, water body, latitude, longitude
SITES = [
    ("DL-DW-01", "碧流河水库取水口", "drinking_water", "210283", "碧流河水库", 39.80, 122.57),
    ("DL-DW-02", "英那河水库取水口", "drinking_water", "210283", "英那河水库", 39.91, 123.02),
    ("DL-DW-03", "刘大水库取水口", "drinking_water", "210214", "刘大水库", 39.47, 122.08),
    ("DL-DW-04", "朱隈水库取水口", "drinking_water", "210213", "朱隈水库", 39.25, 121.78),
    ("DL-DW-05", "松树水库取水口", "drinking_water", "210214", "松树水库", 39.70, 121.95),
    ("DL-DW-06", "洼子店水库取水口", "drinking_water", "210213", "洼子店水库", 39.18, 121.88),
    ("DL-DW-07", "东风水库取水口", "drinking_water", "210281", "东风水库", 39.62, 121.73),
    ("DL-DW-08", "转角楼水库取水口", "drinking_water", "210283", "转角楼水库", 39.93, 122.88),
    ("DL-RV-01", "登沙河入海口", "river", "210213", "登沙河", 39.13, 122.00),
    ("DL-RV-02", "复州河三台断面", "river", "210281", "复州河", 39.75, 121.68),
    ("DL-RV-03", "大沙河入海口", "river", "210214", "大沙河", 39.38, 121.95),
    ("DL-RV-04", "碧流河入海口", "river", "210283", "碧流河", 39.55, 122.52),
    ("DL-RV-05", "英那河入海口", "river", "210283", "英那河", 39.68, 123.08),
    ("DL-RV-06", "马栏河入海口", "river", "210204", "马栏河", 38.88, 121.57),
    ("DL-RV-07", "庄河入海口", "river", "210283", "庄河", 39.66, 122.98),
    ("DL-RV-08", "清水河断面", "river", "210213", "清水河", 39.22, 121.67),
    ("DL-CS-01", "大连湾北部", "coastal", "210213", "大连湾", 38.98, 121.72),
    ("DL-CS-02", "金州湾", "coastal", "210213", "金州湾", 39.05, 121.50),
    ("DL-CS-03", "普兰店湾", "coastal", "210214", "普兰店湾", 39.37, 121.72),
    ("DL-CS-04", "星海湾", "coastal", "210204", "黄海北部", 38.87, 121.59),
    ("DL-CS-05", "大窑湾", "coastal", "210213", "大窑湾", 39.02, 121.87),
    ("DL-CS-06", "长山群岛附近海域", "coastal", "210224", "黄海北部", 39.25, 122.60),
    ("DL-CS-07", "复州湾", "coastal", "210281", "复州湾", 39.65, 121.50),
    ("DL-CS-08", "旅顺口外海", "coastal", "210212", "渤海海峡", 38.78, 121.20),
    ("DL-IP-01", "长兴岛经济技术开发区（石化）排口下游", "industrial_park", "210281", "渤海辽东湾", 39.57, 121.45),
    ("DL-IP-02", "松木岛化工园区周边", "industrial_park", "210281", "复州湾", 39.63, 121.55),
    ("DL-IP-03", "大孤山半岛石化区周边", "industrial_park", "210213", "大窑湾", 38.98, 121.87),
    ("DL-IP-04", "花园口经济区周边", "industrial_park", "210283", "黄海北部", 39.55, 122.55),
    ("DL-IP-05", "大连经济技术开发区排口下游", "industrial_park", "210213", "大连湾", 39.05, 121.80),
    ("DL-AQ-01", "獐子岛海域养殖区", "aquaculture", "210224", "黄海北部", 39.05, 122.75),
    ("DL-AQ-02", "庄河海参池塘养殖区", "aquaculture", "210283", "黄海北部", 39.62, 123.05),
    ("DL-AQ-03", "金州湾贝类养殖区", "aquaculture", "210213", "金州湾", 39.10, 121.55),
    ("DL-AQ-04", "旅顺海域筏式养殖区", "aquaculture", "210212", "黄海北部", 38.83, 121.33),
    ("DL-AQ-05", "普兰店湾滩涂养殖区", "aquaculture", "210214", "普兰店湾", 39.42, 121.78),
    ("DL-AG-01", "瓦房店水果产区", "agricultural", "210281", "", 39.70, 122.05),
    ("DL-AG-02", "普兰店蔬菜产区", "agricultural", "210214", "", 39.45, 122.10),
    ("DL-AG-03", "庄河粮食产区", "agricultural", "210283", "", 39.80, 122.80),
    ("DL-AG-04", "金普新区设施农业区", "agricultural", "210213", "", 39.20, 121.95),
    ("DL-SI-01", "春柳河污水处理厂进水", "sewage_influent", "210203", "", 38.95, 121.62),
    ("DL-SE-01", "春柳河污水处理厂出水", "sewage_effluent", "210203", "", 38.95, 121.63),
    ("DL-SI-02", "马栏河污水处理厂进水", "sewage_influent", "210204", "", 38.89, 121.56),
    ("DL-SE-02", "马栏河污水处理厂出水", "sewage_effluent", "210204", "", 38.89, 121.57),
    ("DL-SI-03", "泉水污水处理厂进水", "sewage_influent", "210211", "", 38.99, 121.60),
    ("DL-SE-03", "泉水污水处理厂出水", "sewage_effluent", "210211", "", 38.99, 121.61),
    ("DL-SI-04", "凌水污水处理厂进水", "sewage_influent", "210211", "", 38.88, 121.53),
    ("DL-SE-04", "凌水污水处理厂出水", "sewage_effluent", "210211", "", 38.88, 121.54),
    ("DL-GW-01", "甘井子区地下水监测井", "groundwater", "210211", "", 38.97, 121.55),
    ("DL-GW-02", "瓦房店地下水监测井", "groundwater", "210281", "", 39.63, 122.00),
    ("DL-SD-01", "大连湾表层沉积物", "sediment", "210213", "大连湾", 38.99, 121.73),
    ("DL-SD-02", "金州湾表层沉积物", "sediment", "210213", "金州湾", 39.06, 121.52),
    ("DL-SL-01", "长兴岛园区周边土壤", "soil", "210281", "", 39.58, 121.47),
    ("DL-SL-02", "普兰店农田土壤", "soil", "210214", "", 39.44, 122.08),
]  # fmt: skip

PFAS = ["1763-23-1", "335-67-1", "355-46-4", "375-73-5", "307-24-4", "375-95-1", "375-85-9", "335-76-2"]
ANTIBIOTICS = [
    "723-46-6", "738-70-5", "114-07-8", "60-54-8", "93106-60-6", "85721-33-1", "57-68-1", "79-57-2", "70458-96-7",
    "82419-36-1", "80214-83-1", "68-35-9",
]  # fmt: skip
EDC = ["80-05-7", "25154-52-3"]
OCP = ["50-29-3", "58-89-9", "118-74-1"]
WATER_ANALYTES = PFAS + ANTIBIOTICS + EDC
SOLID_ANALYTES = PFAS[:3] + OCP + EDC
# median concentration (ng/L, or ng/g dw) by site kind and substance family
MEDIANS = {
    "drinking_water": {"pfas": 0.8, "abx": 0.6, "edc": 4.0},
    "river": {"pfas": 3.0, "abx": 8.0, "edc": 25.0},
    "lake": {"pfas": 1.5, "abx": 2.0, "edc": 10.0},
    "coastal": {"pfas": 1.2, "abx": 3.0, "edc": 8.0},
    "industrial_park": {"pfas": 15.0, "abx": 5.0, "edc": 60.0},
    "aquaculture": {"pfas": 1.0, "abx": 25.0, "edc": 6.0},
    "sewage_influent": {"pfas": 20.0, "abx": 150.0, "edc": 300.0},
    "sewage_effluent": {"pfas": 12.0, "abx": 40.0, "edc": 40.0},
    "groundwater": {"pfas": 0.4, "abx": 0.3, "edc": 2.0},
    "sediment": {"pfas": 0.6, "ocp": 2.0, "edc": 20.0},
    "soil": {"pfas": 0.4, "ocp": 1.5, "edc": 10.0},
    "agricultural": {"pfas": 0.3, "ocp": 3.0, "edc": 8.0},
}
# (LOD, LOQ) in ng/L or ng/g dw: the city centre's lab is more sensitive than the contractor's
LIMITS = {LAB_CITY: (0.05, 0.15), LAB_PRIVATE: (0.5, 1.5)}
START = date(2023, 11, 1)
MONTHS = 36


def _family(cas: str) -> str:
    if cas in PFAS:
        return "pfas"
    if cas in ANTIBIOTICS:
        return "abx"
    if cas in OCP:
        return "ocp"
    return "edc"


def _reported(value: float, lod: float, loq: float, rng: random.Random) -> str:
    """Write a value the way a lab report would, non-detects in their several spellings."""
    if value < lod:
        return rng.choice(["ND", "ND", f"<{lod:g}", f"{lod:g}L", "未检出"])
    if value < loq:
        return rng.choice([f"<{loq:g}", f"{value:.3g}"])
    return f"{value:.3g}"


def write_demo_file(path: Path) -> int:
    """The demo results as a long-format CSV (the importer's own format); returns the row count."""
    rng = random.Random(20251125)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "站点编码",
                "采样时间",
                "物质",
                "测定值",
                "单位",
                "检出限",
                "定量限",
                "介质",
                "实验室",
                "分析方法",
                "样品编号",
            ]
        )
        for code, _name, kind, _district, _water, _lat, _lon in SITES:
            solid = kind in ("sediment", "soil", "agricultural")
            analytes = SOLID_ANALYTES if solid else WATER_ANALYTES
            step = 3 if solid else 1  # quarterly for solids, monthly for water
            # weekly at drinking-water sources and sewage plants, fortnightly elsewhere in water
            per_month = 1 if solid else 4 if kind in ("drinking_water", "sewage_influent", "sewage_effluent") else 2
            site_factor = math.exp(rng.gauss(0, 0.5))
            for month in range(0, MONTHS, step):
                for visit in range(per_month):
                    day = START + timedelta(days=30 * month + 7 * visit + rng.randint(0, 2))
                    moment = datetime(day.year, day.month, day.day, rng.randint(8, 15), rng.choice([0, 15, 30, 45]))
                    lab = LAB_CITY if (month // 12 + len(code)) % 3 else LAB_PRIVATE
                    lod, loq = LIMITS[lab]
                    years = month / 12
                    for cas in analytes:
                        family = _family(cas)
                        median = MEDIANS[kind].get(family, 1.0) * site_factor
                        if cas == "335-67-1":  # PFOA falling ~25 % a year since the restrictions
                            median *= 0.75**years
                        if family == "abx" and kind == "aquaculture":  # antibiotics rising at farms
                            median *= 1.35**years
                        if cas in ("1763-23-1", "50-29-3", "58-89-9"):  # long-banned: mostly below limits
                            median *= 0.1
                        value = rng.lognormvariate(math.log(median), 1.0)
                        text = _reported(value, lod, loq, rng)
                        unit = "ng/g dw" if solid else "ng/L"
                        if not solid and lab == LAB_PRIVATE and rng.random() < 0.5:  # the contractor reports µg/L
                            unit, text = "µg/L", _scale(text, 0.001)
                            limits = (f"{lod / 1000:g}", f"{loq / 1000:g}")
                        else:
                            limits = (f"{lod:g}", f"{loq:g}")
                        matrix = {"sediment": "沉积物", "soil": "土壤", "agricultural": "土壤"}.get(kind, "水")
                        out.writerow([code, f"{moment:%Y-%m-%d %H:%M}", cas, text, unit, *limits, matrix, lab,
                                      "HJ 1333-2023" if family == "pfas" else "HJ 1334-2023",
                                      f"{code}-{moment:%Y%m%d}"])  # fmt: skip
                        rows += 1
    return rows


def _scale(text: str, factor: float) -> str:
    """Rescale a reported value (number, "<x", "xL") to another unit; words stay words."""
    for prefix, suffix in (("<", ""), ("", "L"), ("", "")):
        core = text[len(prefix) : len(text) - len(suffix) if suffix else None]
        if text.startswith(prefix) and text.endswith(suffix):
            try:
                return f"{prefix}{float(core) * factor:.3g}{suffix}"
            except ValueError:
                continue
    return text


def create_monitoring_demo() -> str:
    if ImportBatch.objects.filter(target=TARGET, file_name=DEMO_FILE).exists():
        return "already loaded"
    districts = {d.code: d for d in District.objects.all()}
    with transaction.atomic():
        for name in (LAB_CITY, LAB_PRIVATE):
            lab_get_or_create(name=name, defaults={"organisation": name, "note": "演示数据"})
        for code, name, kind, district, water, lat, lon in SITES:
            Site.objects.update_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "district": districts[district], "water_body": water,
                          "latitude": lat, "longitude": lon, "note": "演示点位（坐标为近似值，数据为虚构）"},
            )  # fmt: skip
        plan, _created = MonitoringPlan.objects.get_or_create(
            name="大连市新污染物环境监测方案（演示）", year=2024,
            defaults={"frequency": "饮用水源地、污水处理厂每月两次；其余水体每月；沉积物、土壤每季度",
                      "source": "大连市新污染物治理工作方案 任务（一）"},
        )  # fmt: skip
        plan.sites.set(Site.objects.filter(code__in=[s[0] for s in SITES]))
        plan.substances.set(substance_list(cas=WATER_ANALYTES + SOLID_ANALYTES))
        for year in (2024, 2025, 2026):
            SamplingCampaign.objects.get_or_create(
                plan=plan,
                name=f"{year}年度监测",
                defaults={"start_date": date(year, 1, 1), "end_date": date(year, 12, 31)},
            )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / DEMO_FILE
        rows = write_demo_file(path)
        report = import_results(path=path, filename=DEMO_FILE)
    if not report.ok:
        problems = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in report.errors[:5])
        raise RuntimeError(f"the monitoring demo file did not import: {problems}")
    # the series statistics the import left to a job, now: the demo's pages are complete at once (issue 17)
    refresh_pending_series()
    return (
        f"{len(SITES)} sites, {rows} results in {report.samples_created} samples "
        f"({report.censored} non-detects), up to {timezone.localdate():%Y-%m}"
    )
