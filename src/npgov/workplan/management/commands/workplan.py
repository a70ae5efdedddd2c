"""``npgov workplan load [FILE …]``: load city work plans from YAML (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.workplan.services.loading import PlanFileError, plan_files, workplan_load


class Command(BaseCommand):
    help = "Load work plans (default: workplan/data/*.yaml); unchanged plans are left as they are."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"] or plan_files():
            try:
                counts = workplan_load(path=path)
            except (PlanFileError, OSError, KeyError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(
                f"{path.name}: plan {counts['plan']}, tasks changed {counts['tasks']}, KPIs changed {counts['kpis']}"
            )
