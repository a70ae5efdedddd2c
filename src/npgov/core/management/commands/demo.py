"""``npgov demo``: reference data plus demo data and one demo user per role (idempotent)."""

from __future__ import annotations

from typing import Any

from npgov.core.demo import DEMO_PASSWORD, DEMO_USERS
from npgov.core.management.commands.reference import Command as ReferenceCommand


class Command(ReferenceCommand):
    help = "Load reference and demo data and create one demo user per role. Safe to re-run."
    demo = True

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec['username']:<12} {spec['role'].label} — {spec['display_name']}")
