"""``npgov regulations load [FILE …]``: load the regulatory list files (idempotent, versioned)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.regulations.services.loading import ListFileError, members_link_substances, regulations_load


class Command(BaseCommand):
    help = "Load regulatory list files (default: the shipped ones); changed files become a new revision."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("files", nargs="*", type=Path, help="YAML list files (default: regulations/data/*.yaml)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcomes = regulations_load(paths=options["files"] or None)
        except (ListFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.code}: revision {outcome.revision} {outcome.status} ({outcome.entries} entries)"
            )
        self.stdout.write(f"members linked to substances: {members_link_substances()}")
