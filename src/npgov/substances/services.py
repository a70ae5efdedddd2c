"""Writes to the substance registry."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from npgov.science.chemistry import StructureError, structure_from_text
from npgov.substances.models import Substance

DATA_FILE = Path(__file__).resolve().parent / "data" / "substances.csv"
STRUCTURE_FIELDS = ("canonical_smiles", "parent_smiles", "inchikey", "parent_inchikey", "formula", "molecular_weight")


def substance_apply_structure(substance: Substance) -> None:
    """Derive the structure identifiers from ``substance.smiles`` (or clear them when it is empty).

    Raises ValidationError on the ``smiles`` field when RDKit cannot parse it.
    """
    if not substance.smiles.strip():
        for name in STRUCTURE_FIELDS:
            setattr(substance, name, None if name == "molecular_weight" else "")
        return
    try:
        structure = structure_from_text(substance.smiles)
    except StructureError as exc:
        raise ValidationError({"smiles": _("This SMILES cannot be read: %(error)s") % {"error": exc}}) from exc
    substance.canonical_smiles = structure.smiles
    substance.parent_smiles = structure.parent_smiles
    substance.inchikey = structure.inchikey
    substance.parent_inchikey = structure.parent_inchikey
    substance.formula = structure.formula
    substance.molecular_weight = structure.molecular_weight


def _row_values(row: dict[str, str]) -> dict[str, Any]:
    return {
        "name_zh": row.get("name_zh", "").strip(),
        "name_en": row.get("name_en", "").strip(),
        "synonyms": "\n".join(s.strip() for s in row.get("synonyms", "").split("|") if s.strip()),
        "kind": row.get("kind", "single").strip() or "single",
        "smiles": row.get("smiles", "").strip(),
        "source": row.get("source", "").strip(),
        "verified": row.get("verified", "true").strip().lower() == "true",
    }


@transaction.atomic
def substances_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the registry's seed substances from the shipped CSV (idempotent, with history)."""
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    with (path or DATA_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cas = row["cas"].strip() or None
            values = _row_values(row)
            substance = Substance.objects.filter(cas=cas).first() if cas else None
            if substance is None and not cas:
                substance = Substance.objects.filter(cas__isnull=True, name_en=values["name_en"]).first()
            if substance is not None and all(getattr(substance, k) == v for k, v in values.items()):
                outcomes["unchanged"] += 1
                continue
            outcomes["updated" if substance else "created"] += 1
            substance = substance or Substance(cas=cas)
            for key, value in values.items():
                setattr(substance, key, value)
            substance_apply_structure(substance)
            if not substance.smiles and row.get("formula"):
                substance.formula = row["formula"].strip()  # a UVCB or an isomer whose structure is not entered
            substance.full_clean()
            substance._change_reason = "加载内置物质数据 (npgov reference)"
            substance.save()
    return outcomes


@transaction.atomic
def substance_add_if_missing(*, cas: str, reason: str, **values: Any) -> bool:
    """Adds a substance that another app's reference data needs (product limits, say); an existing one is never
    changed, the registry owns it. Returns whether it was added."""
    if Substance.objects.filter(cas=cas).exists():
        return False
    substance = Substance(cas=cas, **values)
    substance.full_clean()
    substance._change_reason = reason
    substance.save()
    return True
