"""``npgov reference``: load the reference data every installation needs (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from npgov.core.management.events import coalesced_events
from npgov.core.registry import registry


class Command(BaseCommand):
    help = "Load reference data (districts, departments, and what later apps register). Safe to re-run."
    demo = False

    def handle(self, *args: Any, **options: Any) -> None:
        steps = [s for s in registry.data_steps if self.demo or not s.demo_only]
        for step in sorted(steps, key=lambda s: s.order):
            with coalesced_events():  # not one KPI recomputation per demo survey report
                outcome = step.execute()
            self.stdout.write(f"{step.label}: {outcome}")
