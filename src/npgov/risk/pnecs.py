"""Loading the shipped PNECs (reference data) and the lowest PNEC per substance."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from npgov.risk.models import Pnec
from npgov.substances.selectors import substance_by_cas

DATA_FILE = Path(__file__).resolve().parent / "data" / "pnecs.csv"


@transaction.atomic
def pnecs_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the shipped PNECs; a row is identified by substance, compartment, value and basis."""
    counts = {"created": 0, "unchanged": 0, "substance_not_in_registry": 0}
    for row in csv.DictReader((path or DATA_FILE).open(encoding="utf-8")):
        substance = substance_by_cas(cas=row["cas"])
        if substance is None:
            counts["substance_not_in_registry"] += 1
            continue
        _pnec, created = Pnec.objects.get_or_create(
            substance=substance, compartment=row["compartment"], value=float(row["value"]), basis=row["basis"][:200],
            defaults={"unit": row["unit"], "source": row["source"], "note": row["note"],
                      "verified": row["verified"] == "yes"},
        )  # fmt: skip
        counts["created" if created else "unchanged"] += 1
    return counts


def lowest_pnecs(*, compartment: str = "freshwater", verified_only: bool = False) -> dict[int, Pnec]:
    """substance id → its lowest PNEC in the compartment (verified ones first when asked)."""
    pnecs = Pnec.objects.filter(compartment=compartment).select_related("substance")
    if verified_only:
        pnecs = pnecs.filter(verified=True)
    lowest: dict[int, Pnec] = {}
    for pnec in pnecs.order_by("value_ng_l"):
        lowest.setdefault(pnec.substance_id, pnec)
    return lowest
