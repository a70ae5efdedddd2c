"""``npgov monitoring import FILE``: import a results file (long or wide; CSV or Excel) from the command line.

``npgov monitoring rebuild-summaries``: recompute every maintained statistics row from the raw results (issue 17);
``--pending [--sites A,B]`` computes only the series rows a big import or withdrawal (or ``--cells-only``) left to
the job.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.monitoring import summaries
from npgov.monitoring.fields import guess_mapping
from npgov.monitoring.importers import import_results
from npgov.monitoring.models import Site
from npgov.monitoring.reading import ImportFileError, open_source


class Command(BaseCommand):
    help = (
        "import: validate a monitoring results file and store it all or nothing (the upload page's rules); "
        "rebuild-summaries: recompute the maintained statistics from the raw results."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "rebuild-summaries"])
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--check", action="store_true", help="validate only; store nothing")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="JSON object: column title → field (site, sampled_at, substance, value, unit, lod, loq, matrix, "
            "depth_m, lab, method, sample_code, qa_flags), 'analyte' or ''; default: guessed from the titles",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--workers", type=int, default=1, help="rebuild-summaries: processes computing the series statistics"
        )
        parser.add_argument("--pending", action="store_true", help="rebuild-summaries: only the pending series")
        parser.add_argument(
            "--cells-only", action="store_true",
            help="rebuild-summaries: rewrite every cell, leave the series pending (then --pending, or the job)",
        )  # fmt: skip
        parser.add_argument("--sites", default="", help="rebuild-summaries --pending: only these site codes (a,b,c)")

    def rebuild(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            elapsed = time.perf_counter() - started
            self.stderr.write(f"\r{done:,} / {total:,} ({elapsed:.0f} s)", ending="")
            self.stderr.flush()

        if options["pending"]:
            codes = [c.strip() for c in options["sites"].split(",") if c.strip()]
            site_ids = list(Site.objects.filter(code__in=codes).values_list("pk", flat=True)) if codes else None
            if site_ids is not None and len(site_ids) != len(set(codes)):
                raise CommandError("unknown site code in --sites")
            written = summaries.refresh_pending_series(progress, site_ids=site_ids)
            self.stderr.write("")
            self.stdout.write(f"pending series computed: {written} in {time.perf_counter() - started:.1f} s")
            return
        counts = summaries.rebuild(progress, workers=max(1, options["workers"]), cells_only=options["cells_only"])
        self.stderr.write("")
        self.stdout.write(
            f"rebuilt: {counts['sites']} sites, {counts['results']} results, {counts['cells']} cells, "
            f"{counts['series']} series in {time.perf_counter() - started:.1f} s"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild-summaries":
            self.rebuild(options)
            return
        path: Path | None = options["file"]
        if path is None or not path.is_file():
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
