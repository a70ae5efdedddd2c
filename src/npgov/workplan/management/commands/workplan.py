"""``npgov workplan load [FILE …]`` loads city work plans; ``npgov workplan compute-kpis`` recomputes platform KPIs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from npgov.workplan.services.kpis import kpis_compute, kpis_recompute_current
from npgov.workplan.services.loading import PlanFileError, plan_files, platform_kpis_load, workplan_load


class Command(BaseCommand):
    help = "load: load work plans (default: workplan/data/*.yaml). compute-kpis: recompute platform KPIs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "compute-kpis"])
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument(
            "--period", help="compute-kpis: the period's last day, YYYY-MM-DD (default: this month, as of today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compute-kpis":
            try:
                period = date.fromisoformat(options["period"]) if options["period"] else None
            except ValueError as exc:
                raise CommandError(f"--period: {exc}") from exc
            counts = kpis_compute(period_end=period) if period else kpis_recompute_current(timezone.localdate())
            self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
            return
        for path in options["files"] or plan_files():
            try:
                counts = workplan_load(path=path)
            except (PlanFileError, OSError, KeyError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(
                f"{path.name}: plan {counts['plan']}, tasks changed {counts['tasks']}, KPIs changed {counts['kpis']}"
            )
        self.stdout.write(f"platform KPIs changed: {platform_kpis_load()}")
