"""``npgov compliance run``: evaluate the accepted survey data against the control measures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from npgov.compliance.services import compliance_run


class Command(BaseCommand):
    help = "run: open, keep or resolve compliance findings; prints opened=<n> unchanged=<n> resolved=<n>."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])

    def handle(self, *args: Any, **options: Any) -> None:
        counts = compliance_run()
        self.stdout.write(f"opened={counts.opened} unchanged={counts.unchanged} resolved={counts.resolved}")
