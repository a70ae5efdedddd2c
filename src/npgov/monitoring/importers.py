"""Importing monitoring results: long or wide files, validated row by row, committed all or nothing.

One function, :func:`import_results`, serves the upload page (through a job), ``npgov monitoring
import`` and the demo. ``reading.py`` streams the file in blocks (polars for CSV, openpyxl read-only for
Excel), never whole, within the upload caps (:data:`LIMITS`); ``checking.py`` validates each block with column
operations — a lookup runs once per distinct site code, time, substance, unit or lab, not once per row.

Two passes (issue #16): the whole file is checked first with no transaction open, so that nothing is
locked while it is read (on SQLite, logins and other writes go on); the checked rows wait in a temporary
folder. Only when every row is right does ``storing.py`` write them, in one short transaction (PostgreSQL
``COPY`` on a second thread; SQLite ``executemany``). A broken file leaves the database unchanged and the
report lists every problem by row and column. The same transaction brings the maintained statistics of the
series written up to date (``summaries.refresh_cells``, issue 17).

Numbers follow :mod:`npgov.science.numbers` (no decimal comma guessed, no ``inf`` or ``nan``) and, after
conversion to the matrix's canonical unit, must lie within the model's declared range; a limit (LOD, LOQ,
``<x``, ``xL``) must be greater than zero.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.importers import file_sha256, find_duplicate_import
from npgov.core.models import ImportBatch
from npgov.core.uploads import LARGE
from npgov.monitoring.checking import (
    ResultsImportReport,
    _Context,
    _import_batch,
    _load_lookups,
    _resolve_analytes,
    _take_limit_rows,
)
from npgov.monitoring.choices import ImportFormat
from npgov.monitoring.fields import check_mapping, guess_mapping, mapping_format
from npgov.monitoring.reading import ImportFileError, open_source
from npgov.monitoring.storing import TARGET, write_checked

__all__ = ["ASYNC_BYTES", "LIMITS", "TARGET", "ResultsImportReport", "import_results"]

logger = logging.getLogger(__name__)
# Above this file size the upload page runs the import as a background job with a progress bar.
ASYNC_BYTES = 2_000_000
# Caps on a results file (size, inflated workbook, rows, cells), stated on the upload page.
LIMITS = LARGE


def import_results(
    *,
    path: Path,
    filename: str,
    user: Any = None,
    mapping: dict[str, str] | None = None,
    commit: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ResultsImportReport:
    """Validate a results file and, when ``commit`` and every row is right, store it; see the module doc.

    ``user`` None (the command line, the demo) imports for the whole city; a user imports only into
    sites they may write. ``progress(rows_done, rows_estimated)`` is called after each batch.
    """
    report = ResultsImportReport(file_name=Path(filename).name, sha256=file_sha256(path))
    duplicate = find_duplicate_import(target=TARGET, sha256=report.sha256)
    if duplicate is not None:
        report.extend([duplicate])
        return report
    source = open_source(path, filename, LIMITS)
    try:
        mapping = mapping or guess_mapping(source.headers)
        unknown = set(mapping) - set(source.headers)
        if unknown:
            raise ImportFileError(
                _("The mapping names columns the file does not have: %(cols)s") % {"cols": ", ".join(sorted(unknown))}
            )
        problems = check_mapping(mapping)
        if problems:
            raise ImportFileError(" ".join(problems))
        report.format = mapping_format(mapping)
        context = _Context(user=user, report=report, mapping=mapping, fmt=report.format, now=timezone.now())
        _load_lookups(context)
        with tempfile.TemporaryDirectory(prefix="npgov-import-") as spool:
            context.spool = Path(spool)
            _check_rows(source, context, progress)  # no transaction: nothing is locked while the file is read
            if report.rows == 0 and report.ok:
                report.add(0, "", "no_rows", _("The file has no data rows."))
            if report.ok and commit:
                write_checked(context)
    except IntegrityError as exc:
        if not ImportBatch.objects.filter(target=TARGET, sha256=report.sha256).exists():
            raise  # not the file-once rule: a fault to see, not to word as a user's error
        # another upload committed it first
        report.add(0, "", "duplicate_file", _("This file has already been imported."))
        logger.info("import of %s lost the race to a concurrent upload: %s", report.file_name, exc)
    finally:
        source.cleanup()
    if not report.committed:
        report.batch_id = None
        if not report.ok:
            report.samples_created = 0
    return report


def _check_rows(source: Any, context: _Context, progress: Callable[[int, int], None] | None) -> None:
    """Pass 1: read and check every row; keep the checked rows of each batch in the spool folder."""
    report = context.report
    first = True
    batches = source.batches()
    while True:
        with report.timed("read"):
            frame = next(batches, None)
        if frame is None:
            break
        if first and report.format == ImportFormat.WIDE:
            frame = _take_limit_rows(frame, context)
            _resolve_analytes(context)
        first = False
        report.rows += frame.height
        _import_batch(frame, context)
        if progress:
            progress(report.rows, max(source.estimated_rows, report.rows))
