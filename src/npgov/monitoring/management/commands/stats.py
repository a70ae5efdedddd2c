"""``npgov stats censored [--json] FILE``: censored-data statistics of a CSV (value, censored[, group]).

The JSON shape is documented in docs/statistics.md: ``{"overall": S, "groups": {name: S}}`` with S as
returned by :func:`npgov.science.censored.summarise`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.science.censored import Summary, summarise_csv

COLUMNS = ("n", "n_cen", "DF", "KM mean", "KM median", "KM sd", "ROS mean", "ROS sd", "MLE meanlog", "MLE sdlog")


class Command(BaseCommand):
    help = (
        "censored: Kaplan–Meier, robust ROS and lognormal MLE statistics (NADA / EnvStats conventions) of a CSV "
        "with columns value, censored (true/false) and optional group; a non-detect's value is its detection limit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["censored"])
        parser.add_argument("file", help="CSV file (UTF-8 or GB18030)")
        parser.add_argument("--json", action="store_true", help='print {"overall": …, "groups": {…}} as JSON')

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = summarise_csv(path)
        except ValueError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False))
            return
        rows = [("(all)", result["overall"]), *result["groups"].items()]
        width = max(len(name) for name, _ in rows)
        self.stdout.write("  ".join([" " * width, *(f"{c:>11}" for c in COLUMNS)]))
        for name, summary in rows:
            self.stdout.write("  ".join([f"{name:<{width}}", *(f"{cell:>11}" for cell in _cells(summary))]))
        notes = [(name, key, text) for name, summary in rows for key, text in summary["notes"].items()]
        for name, key, text in notes:
            self.stdout.write(f"{name} {key}: {text}")


def _cells(summary: Summary) -> list[str]:
    km, ros, mle = summary["km"], summary["ros"], summary["mle_lognormal"]
    numbers = [km["mean"], km["median"], km["sd"], ros["mean"], ros["sd"], mle["meanlog"], mle["sdlog"]]
    frequency = summary["detection_frequency"]
    return [
        str(summary["n"]),
        str(summary["n_censored"]),
        "-" if frequency is None else f"{frequency:.0%}",
        *("-" if v is None else f"{v:.4g}" for v in numbers),
    ]
