"""The importer's fields: its column declarations (core pipeline ``Column``s with the titles labs use),
the mapping of a file's columns, and the reading of a sampling time as labs write it. Substance names
and CAS RNs resolve through ``npgov.substances.selectors.substance_resolve``.

Part of the monitoring importer (``reading.py`` reads, ``importers.py`` validates, ``storing.py`` writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Matrix
from npgov.core.importers import Column, map_columns
from npgov.monitoring.choices import ImportFormat


@dataclass(frozen=True)
class Field(Column):
    """A column of a results file; ``required`` holds for the long format, ``wide`` for the wide one."""

    wide: bool = False


FIELDS: tuple[Field, ...] = (
    Field(
        "site", gettext_lazy("site code"),
        ("站点编码", "点位编码", "点位代码", "站点代码", "site", "site_code", "site code"),
        required=True, wide=True, help=gettext_lazy("As on the site list, e.g. DL-DW-01."),
    ),
    Field(
        "sampled_at", gettext_lazy("sampling time"),
        ("采样时间", "采样日期", "日期", "sampled_at", "date", "sampling date", "sampling time"),
        required=True, wide=True, help=gettext_lazy("2025-06-18 or 2025-06-18 09:30 (Beijing time)."),
    ),
    Field(
        "substance", gettext_lazy("substance"),
        ("物质", "污染物", "监测项目", "分析项目", "CAS号", "CAS", "substance", "analyte", "parameter"),
        required=True, help=gettext_lazy("CAS RN (preferred), or the Chinese or English name."),
    ),
    Field(
        "value", gettext_lazy("value"), ("测定值", "监测值", "结果", "浓度", "value", "result", "concentration"),
        required=True, help=gettext_lazy("A number; a non-detect as <0.5, 0.5L, ND or 未检出; NA if not analysed."),
    ),
    Field("unit", gettext_lazy("unit"), ("单位", "unit", "units"), required=True, wide=True,
          help=gettext_lazy("ng/L, µg/L, mg/L, ng/g dw, µg/kg, ng/g ww, ng/m³ …")),
    Field("lod", gettext_lazy("LOD"), ("检出限", "方法检出限", "lod", "mdl", "detection limit"),
          help=gettext_lazy("Detection limit, in the same unit as the value.")),
    Field("loq", gettext_lazy("LOQ"), ("定量限", "测定下限", "loq", "quantification limit"),
          help=gettext_lazy("Quantification limit, in the same unit as the value.")),
    Field("matrix", gettext_lazy("matrix"), ("介质", "样品类型", "matrix"),
          help=gettext_lazy("水, 沉积物, 土壤, 生物 or 空气; empty: the site kind's usual matrix.")),
    Field("depth_m", gettext_lazy("depth (m)"), ("采样深度", "深度", "采样深度(m)", "depth", "depth_m")),
    Field("lab", gettext_lazy("laboratory"), ("实验室", "检测单位", "监测单位", "lab", "laboratory"),
          help=gettext_lazy("As registered under capacity → laboratories.")),
    Field("method", gettext_lazy("method"), ("分析方法", "方法", "method")),
    Field("sample_code", gettext_lazy("sample code"), ("样品编号", "sample_code", "sample code", "sample id")),
    Field("qa_flags", gettext_lazy("QA flags"), ("质控标记", "备注", "qa_flags", "qa flags", "flags")),
)  # fmt: skip
FIELD_BY_KEY = {f.key: f for f in FIELDS}
ANALYTE = "analyte"  # mapping value of a wide file's analyte column
IGNORE = ""

MATRIX_WORDS = {
    "水": Matrix.WATER, "水质": Matrix.WATER, "地表水": Matrix.WATER, "地下水": Matrix.WATER, "海水": Matrix.WATER,
    "废水": Matrix.WATER, "water": Matrix.WATER, "沉积物": Matrix.SEDIMENT, "底泥": Matrix.SEDIMENT,
    "sediment": Matrix.SEDIMENT, "土壤": Matrix.SOIL, "soil": Matrix.SOIL, "生物": Matrix.BIOTA, "生物体": Matrix.BIOTA,
    "水产品": Matrix.BIOTA, "biota": Matrix.BIOTA, "空气": Matrix.AIR, "大气": Matrix.AIR, "air": Matrix.AIR,
}  # fmt: skip
# Rows of a wide file that give each analyte column's limit instead of a sample (lab reports carry them).
LOD_ROW_WORDS = {"检出限", "方法检出限", "lod", "mdl", "detection limit"}
LOQ_ROW_WORDS = {"定量限", "测定下限", "loq", "quantification limit"}

DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日", "%Y-%m-%dT%H:%M:%S%z",
)  # fmt: skip


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Header → field key, ``"analyte"`` for a wide file's analyte columns, ``""`` to ignore.

    The pipeline's column mapping; the unknown and missing columns it reports are left to the mapping
    page (a wide file's analytes are "unknown" columns, and the required ones depend on the format).
    """
    found, _problems = map_columns(headers, FIELDS, ignore_unknown=True)
    key_at = {index: key for key, index in found.items()}
    mapping = {header: key_at.get(index, IGNORE) for index, header in enumerate(headers)}
    taken = set(found)
    if not {"substance", "value"} <= taken:  # no substance/value columns: a wide file, analytes by column
        for header, key in mapping.items():
            if key == IGNORE:
                mapping[header] = ANALYTE
    return mapping


def mapping_format(mapping: dict[str, str]) -> str:
    return ImportFormat.WIDE if ANALYTE in mapping.values() else ImportFormat.LONG


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """Problems with a column mapping, as messages (empty when it can be used)."""
    problems = []
    fmt = mapping_format(mapping)
    used = [v for v in mapping.values() if v not in (IGNORE, ANALYTE)]
    for key in sorted({k for k in used if used.count(k) > 1}):
        problems.append(_("Two columns are mapped to %(field)s.") % {"field": FIELD_BY_KEY[key].label})
    for unknown in sorted(set(used) - set(FIELD_BY_KEY)):
        problems.append(_("Unknown field %(field)s.") % {"field": unknown})
    if fmt == ImportFormat.WIDE and ({"substance", "value"} & set(used)):
        problems.append(_("A wide file has a column per analyte: do not map a substance or value column."))
    required = [f for f in FIELDS if (f.wide if fmt == ImportFormat.WIDE else f.required)]
    for f in required:
        if f.key not in used:
            problems.append(_("No column is mapped to %(field)s, which is required.") % {"field": f.label})
    return problems


# --- reading times as labs write them --------------------------------------------------------------
def parse_sampling_time(text: str) -> datetime | None:
    """A sampling time in Beijing time unless it says otherwise, to the second; None if unreadable."""
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
        return moment.astimezone(UTC).replace(microsecond=0)
    try:  # ISO 8601 with fractions or offsets, and Excel's "2025-06-18 00:00:00"
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment.astimezone(UTC).replace(microsecond=0)
