"""``npgov backup``: the database, the uploaded files and a manifest of checksums in one directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Back up the database (pg_dump, or SQLite's online backup), the uploaded files and a manifest with "
            "every file's SHA-256 and every table's row count and checksum.")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", metavar="DIR", help="a new or empty directory (default: "
                            "instance/backups/npgov-<UTC time>)")  # fmt: skip
        parser.add_argument("--json", action="store_true", help="print the result as one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(Path(options["output"]) if options["output"] else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        result = {
            "app_version": manifest["app_version"],
            "created_at": manifest["created_at"],
            "engine": manifest["database"]["engine"],
            "files": manifest["files"],
            "media_files": manifest["media_files"],
            "path": manifest["path"],
            "rows": sum(t["rows"] for t in tables.values()),
            "tables": len(tables),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True, ensure_ascii=False))
            return
        self.stdout.write(f"Backup written to {result['path']}")
        self.stdout.write(f"  {result['engine']} database: {result['tables']} tables, {result['rows']} rows; "
                          f"{result['media_files']} uploaded files")  # fmt: skip
        for name, info in result["files"].items():
            self.stdout.write(f"  {name}: {info['bytes']} bytes, sha256 {info['sha256']}")
