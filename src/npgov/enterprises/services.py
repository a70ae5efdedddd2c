"""Writes of the enterprises app."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from npgov.enterprises.models import Industry

DATA_FILE = Path(__file__).resolve().parent / "data" / "industries.csv"


@transaction.atomic
def industries_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the GB/T 4754-2017 categories from the shipped CSV (parents before children)."""
    rows = list(csv.DictReader((path or DATA_FILE).open(encoding="utf-8")))
    existing = {i.code: i for i in Industry.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:  # the file lists every parent before its children
        values = {"level": row["level"], "name_zh": row["name_zh"], "name_en": row["name_en"],
                  "parent": existing.get(row["parent"]) if row["parent"] else None,
                  "plan_focus": row["plan_focus"], "source": row["source"]}  # fmt: skip
        industry = existing.get(row["code"])
        if industry is not None and all(getattr(industry, k) == v for k, v in values.items()):
            counts["unchanged"] += 1
            continue
        counts["updated" if industry else "created"] += 1
        industry = industry or Industry(code=row["code"])
        for key, value in values.items():
            setattr(industry, key, value)
        industry.save()
        existing[industry.code] = industry
    return counts
