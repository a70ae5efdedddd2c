"""``npgov risk prioritise [--json] FILE``: NORMAN-style prioritisation of substances from monitoring data."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.science.prioritisation import BAND_TABLE, prioritise


class Command(BaseCommand):
    help = (
        "prioritise: FoE, EoE, risk score and action category per substance, from per-site rows (cas, site, mec, "
        "loq, pnec) or NORMAN-style summaries (cas, n_sites, n_sites_above_pnec, mec95, mec_max, loq_min, pnec)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["prioritise"])
        parser.add_argument("file", type=Path, help="CSV, UTF-8 (with or without BOM)")
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per substance")
        parser.add_argument("--provisional", default="", help="comma-separated CAS RNs whose PNEC is provisional")
        parser.add_argument("--min-sites", type=int, default=10, help="sites needed for 'enough monitoring data'")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]
        provisional = [c.strip() for c in options["provisional"].split(",") if c.strip()]
        try:
            priorities = prioritise(rows, provisional_pnec=provisional, min_sites=options["min_sites"])
        except (ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        keys = ("cas", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score", "extent_score",
                "risk_score", "category")  # fmt: skip
        if options["json"]:
            rows = [{k: dict(p)[k] for k in keys} for p in priorities]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"# band table: {BAND_TABLE}")
        for p in priorities:
            self.stdout.write(
                f"{p['cas']}\tFoE={p['frequency_of_exceedance']}\tEoE={p['extent_of_exceedance']}\t"
                f"score={p['risk_score']}\tcategory={p['category']}"
            )
