"""The importer's fields: column titles in Chinese and English, the mapping of a file's columns, and the
resolution of a substance name or a sampling time as labs write them.

Part of the monitoring importer (``reading.py`` reads, ``importers.py`` validates, ``storing.py`` writes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Matrix
from npgov.monitoring.choices import ImportFormat
from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.substances.models import Substance
from npgov.substances.selectors import substance_by_name


@dataclass(frozen=True)
class Field:
    key: str
    label: Any  # lazy, for the template and the mapping page
    aliases: tuple[str, ...]
    long: bool = False  # required in the long format
    wide: bool = False  # required in the wide format
    help: Any = ""


FIELDS: tuple[Field, ...] = (
    Field(
        "site", gettext_lazy("site code"),
        ("站点编码", "点位编码", "点位代码", "站点代码", "site", "site_code", "site code"),
        long=True, wide=True, help=gettext_lazy("As on the site list, e.g. DL-DW-01."),
    ),
    Field(
        "sampled_at", gettext_lazy("sampling time"),
        ("采样时间", "采样日期", "日期", "sampled_at", "date", "sampling date", "sampling time"),
        long=True, wide=True, help=gettext_lazy("2025-06-18 or 2025-06-18 09:30 (Beijing time)."),
    ),
    Field(
        "substance", gettext_lazy("substance"),
        ("物质", "污染物", "监测项目", "分析项目", "CAS号", "CAS", "substance", "analyte", "parameter"),
        long=True, help=gettext_lazy("CAS RN (preferred), or the Chinese or English name."),
    ),
    Field(
        "value", gettext_lazy("value"), ("测定值", "监测值", "结果", "浓度", "value", "result", "concentration"),
        long=True, help=gettext_lazy("A number; a non-detect as <0.5, 0.5L, ND or 未检出; NA if not analysed."),
    ),
    Field("unit", gettext_lazy("unit"), ("单位", "unit", "units"), long=True, wide=True,
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


def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in FIELDS:
        for alias in (*f.aliases, f.key, str(f.label)):
            index[_fold(alias)] = f.key
    return index


def _fold(text: str) -> str:
    return re.sub(r"[\s_()（）]+", "", text).lower()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Header → field key, ``"analyte"`` for a wide file's analyte columns, ``""`` to ignore."""
    aliases = _alias_index()
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = aliases.get(_fold(header), "")
        if key and key not in taken:
            mapping[header] = key
            taken.add(key)
        else:
            mapping[header] = IGNORE
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
    required = [f for f in FIELDS if (f.wide if fmt == ImportFormat.WIDE else f.long)]
    for f in required:
        if f.key not in used:
            problems.append(_("No column is mapped to %(field)s, which is required.") % {"field": f.label})
    return problems


# --- resolving identifiers ------------------------------------------------------------------------
_CAS_IN_TEXT = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")


def resolve_substance(text: str) -> tuple[int | None, str]:
    """The registry id for a CAS RN, a name, or "name (CAS RN)" as lab headers write; else an error."""
    text = (text or "").strip()
    if not text:
        return None, _("Empty: give a CAS RN or a name.")
    match = _CAS_IN_TEXT.search(text)
    if match:
        try:
            cas = normalise_cas(match.group(1))
        except IdentifierError:
            return None, _("%(cas)s is not a valid CAS RN (check digit).") % {"cas": match.group(1)}
        substance_id = Substance.objects.filter(cas=cas).values_list("pk", flat=True).first()
        if substance_id is None:
            return None, _("CAS RN %(cas)s is not in the substance registry.") % {"cas": cas}
        return substance_id, ""
    substance = substance_by_name(name=text)
    if substance is None:
        return None, _("%(text)s is not a substance in the registry: give its CAS RN.") % {"text": text}
    return substance.pk, ""


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


# --- the import -----------------------------------------------------------------------------------
