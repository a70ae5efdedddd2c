"""``npgov monitoring import FILE``: import a results file (long or wide; CSV or Excel) from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.monitoring.fields import guess_mapping
from npgov.monitoring.importers import import_results
from npgov.monitoring.reading import ImportFileError, open_source


class Command(BaseCommand):
    help = "import: validate a monitoring results file and store it all or nothing (the upload page's rules)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--check", action="store_true", help="validate only; store nothing")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="JSON object: column title → field (site, sampled_at, substance, value, unit, lod, loq, matrix, "
            "depth_m, lab, method, sample_code, qa_flags), 'analyte' or ''; default: guessed from the titles",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        mapping = None
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read the mapping: {exc}") from exc
        try:
            if mapping is None:
                source = open_source(path, path.name)
                mapping = guess_mapping(source.headers)
                source.cleanup()

            def progress(done: int, estimated: int) -> None:
                if not options["json"]:
                    self.stderr.write(
                        f"\r{done:,} rows read (~{min(100, 100 * done // max(estimated, 1))}%)", ending=""
                    )

            report = import_results(path=path, filename=path.name, mapping=mapping, commit=not options["check"],
                                    progress=progress)  # fmt: skip
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if not options["json"]:
            self.stderr.write("")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(f"row {error.row} [{error.column}] {error.message}")
            verb = "imported" if report.committed else "checked" if report.ok else "nothing imported"
            self.stdout.write(
                f"{verb}: {report.rows} rows, {report.results} results ({report.censored} non-detects), "
                f"{report.samples_created} new samples, {report.error_count} errors"
                + (f", batch {report.batch_id}" if report.batch_id else "")
            )
        if not report.ok:
            sys.exit(1)
