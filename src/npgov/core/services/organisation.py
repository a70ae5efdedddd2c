"""Loading the shipped organisation data: divisions and zones, departments."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from npgov.core.models import Department, District

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The change reason recorded in the history of every record a reference-data load writes.
REFERENCE_REASON = "加载内置参考数据 (npgov reference)"


def _save_if_changed(model: type, lookup: dict[str, Any], values: dict[str, Any], reason: str) -> str:
    """Create or update one audited record; leave it untouched (no history row) when nothing changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(obj, key, value)
        outcome = "updated"
    else:
        return "unchanged"
    obj.full_clean()
    obj._change_reason = reason
    obj.save()
    return outcome


@transaction.atomic
def districts_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update districts and zones from the shipped CSV; idempotent.

    Writes: District rows (with history). Parents are resolved after every row exists, so the
    file's order does not matter.
    """
    rows = list(csv.DictReader((path or DATA_DIR / "districts.csv").open(encoding="utf-8")))
    outcomes: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0}
    for row in sorted(rows, key=lambda r: (r["kind"] == "zone", len(r["parent_code"]), r["code"])):
        parent = District.objects.get(code=row["parent_code"]) if row["parent_code"] else None
        values = {
            "name_zh": row["name_zh"], "name_en": row["name_en"], "kind": row["kind"],
            "zone_label": row["zone_label"], "parent": parent, "official_code": row["official_code"] == "true",
            "statistical_code": row["statistical_code"], "verified": row["verified"] == "true",
            "source": row["source"], "note": row["note"],
        }  # fmt: skip
        outcomes[_save_if_changed(District, {"code": row["code"]}, values, REFERENCE_REASON)] += 1
    return outcomes


@transaction.atomic
def departments_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the departments of each city in the shipped YAML; idempotent."""
    data = yaml.safe_load((path or DATA_DIR / "departments.yaml").read_text(encoding="utf-8"))
    outcomes: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0}
    for city_block in data["cities"]:
        city = District.objects.get(code=city_block["city_code"])
        for entry in city_block["departments"]:
            values = {
                "city": city, "name_zh": entry["name_zh"], "short_name_zh": entry.get("short_name_zh", ""),
                "name_en": entry.get("name_en", ""), "aliases": entry.get("aliases", []),
                "kind": entry.get("kind", "municipal"), "is_lead": entry.get("is_lead", False),
                "function": entry.get("function", ""), "duties": entry.get("duties", ""),
                "source": city_block["source"],
            }  # fmt: skip
            outcomes[_save_if_changed(Department, {"code": entry["code"]}, values, REFERENCE_REASON)] += 1
    return outcomes
