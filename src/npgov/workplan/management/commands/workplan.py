"""``npgov workplan load [FILE …]`` loads city work plans; ``npgov workplan compute-kpis`` recomputes platform KPIs;
``npgov workplan freeze --plan KEY --year YYYY`` freezes a year's evaluation; ``npgov workplan compare --plan KEY
--from YYYY --to YYYY [--json]`` compares two years (frozen, or live for a year not frozen)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from npgov.core.exceptions import ApplicationError
from npgov.core.models import User
from npgov.workplan.models import Plan
from npgov.workplan.services.kpis import kpis_compute, kpis_recompute_current
from npgov.workplan.services.loading import PlanFileError, plan_files, platform_kpis_load, workplan_load
from npgov.workplan.services.snapshots import evaluation_side, group_labels, snapshot_compare, snapshot_freeze


class Command(BaseCommand):
    help = (
        "load: load work plans (default: workplan/data/*.yaml). compute-kpis: recompute platform KPIs. "
        "freeze: freeze a year's evaluation. compare: compare two years' evaluations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "compute-kpis", "freeze", "compare"])
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument(
            "--period", help="compute-kpis: the period's last day, YYYY-MM-DD (default: this month, as of today)"
        )

        parser.add_argument("--plan", help="freeze, compare: the plan's key (e.g. dalian)")
        parser.add_argument("--year", type=int, help="freeze: the year")
        parser.add_argument("--from", dest="from_year", type=int, help="compare: the earlier year")
        parser.add_argument("--to", dest="to_year", type=int, help="compare: the later year (default: this year)")
        parser.add_argument("--user", help="freeze: the username recorded as freezing (default: none)")
        parser.add_argument("--json", action="store_true", help="compare: JSON output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] in ("freeze", "compare"):
            self._snapshots(options)
            return
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

    def _plan(self, options: dict[str, Any]) -> Plan:
        plan = Plan.objects.filter(key=options["plan"] or "").first()
        if plan is None:
            raise CommandError(f"--plan: no plan with key {options['plan']!r}")
        return plan

    def _snapshots(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        if options["action"] == "freeze":
            if options["year"] is None:
                raise CommandError("--year is required")
            user = User.objects.filter(username=options["user"]).first() if options["user"] else None
            if options["user"] and user is None:
                raise CommandError(f"--user: no user {options['user']!r}")
            try:
                snapshot = snapshot_freeze(plan=plan, year=options["year"], user=user)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"frozen {plan.key} {snapshot.year} digest={snapshot.digest}")
            return
        if options["from_year"] is None:
            raise CommandError("--from is required")
        old = evaluation_side(plan=plan, year=options["from_year"])
        to_year = options["to_year"] or timezone.localdate().year
        new = evaluation_side(plan=plan, year=to_year, live=to_year == old.year)
        rows = snapshot_compare(old, new)
        if options["json"]:
            data = {
                "plan": plan.key,
                "from": {"year": old.year, "digest": old.snapshot.digest if old.snapshot else None},
                "to": {"year": new.year, "digest": new.snapshot.digest if new.snapshot else None},
                "rows": [
                    {"group": r.group, "figure": r.label, "old": r.old, "new": r.new, "delta": r.delta,
                     "moved": r.moved, "why": r.reason}
                    for r in rows
                ],
            }  # fmt: skip
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
            return
        groups = group_labels()
        for r in rows:
            if r.moved:
                self.stdout.write(f"{groups[r.group]}\t{r.label}\t{r.old}\t{r.new}\t{r.delta}\t{r.reason}")
