"""``npgov restore DIR``: check a backup's manifest, restore it, and prove every table came back intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `npgov backup`: checks every file against the manifest first, refuses a "
            "database holding data unless --force, then compares every table's row count and checksum.")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="DIR", help="the backup directory (holding manifest.json)")
        parser.add_argument("--force", action="store_true",
                            help="replace a database and uploaded files that already hold data")  # fmt: skip
        parser.add_argument("--json", action="store_true", help="print the result as one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = backup_restore(Path(options["path"]), force=options["force"])
        except BackupError as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(exc), "ok": False}, sort_keys=True, ensure_ascii=False))
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), sort_keys=True, ensure_ascii=False))
        else:
            self.stdout.write(f"Restored {outcome.path}: {outcome.tables} tables, {outcome.rows} rows, "
                              f"{outcome.media_files} uploaded files ({outcome.engine}).")  # fmt: skip
            for warning in outcome.warnings:
                self.stdout.write(f"  warning: {warning}")
        if not outcome.ok:
            tables = ", ".join(m["table"] for m in outcome.mismatches[:10])
            raise CommandError(f"{len(outcome.mismatches)} tables differ from the manifest after the restore: {tables}")
        if not options["json"]:
            self.stdout.write("Every table's row count and checksum matches the manifest.")
