"""Batch screening of an uploaded chemical inventory against the lists (run as a background job)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from npgov.core.tabular import TableFileError, read_table
from npgov.core.uploads import MB, UploadLimits
from npgov.regulations.services.classification import CHUNK, classifier_get, classify_identifiers

# Column titles understood in inventory files (lower-cased).
COLUMNS = {
    "cas": {"cas", "cas rn", "cas号", "cas 号", "cas编号", "cas no", "cas no."},
    "name": {"name", "名称", "物质名称", "化学物质名称", "中文名称", "chemical name", "substance"},
    "smiles": {"smiles", "结构", "structure"},
}


# Caps of an inventory to screen (stated on the upload page): every row is classified (a SMILES is parsed and
# matched against every group rule, a few milliseconds each), so a file is kept to what a job finishes in about a
# minute; larger inventories are split. Per-user limits on top: ``SCREENING_PER_HOUR`` uploads an hour and one
# screening job at a time (``core.throttle``).
SCREENING_LIMITS = UploadLimits(max_bytes=5 * MB, max_inflated_bytes=50 * MB, max_rows=5_000, max_columns=50,
                                max_cells=250_000)  # fmt: skip
SCREENING_THROTTLE_KEY = "regulations.screening"
SCREENING_PER_HOUR = 10
MAX_ROWS = SCREENING_LIMITS.max_rows
MAX_IDENTIFIER_LENGTH = 2000


class ScreeningFileError(ValueError):
    """A file that cannot be screened; ``row`` is the file's row at fault (1 = the titles; 0 = the whole file)."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


def _column_map(headers: list[str]) -> dict[str, int]:
    mapping = {}
    for index, header in enumerate(headers):
        for key, names in COLUMNS.items():
            if header.strip().lower() in names and key not in mapping:
                mapping[key] = index
    if not mapping:
        raise ScreeningFileError(_("The file needs at least one column named CAS, name (名称) or SMILES."), row=1)
    return mapping


def screening_run(*, data: bytes, filename: str, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Classify every row of an inventory file; returns the report rows and totals."""
    limits = SCREENING_LIMITS.scaled()
    try:
        table = read_table(data, filename, limits=SCREENING_LIMITS)
    except TableFileError as exc:
        raise ScreeningFileError(str(exc), row=getattr(exc, "row", 0) or 0) from exc
    mapping = _column_map(table.headers)
    rows: list[tuple[int, list[str]]] = []
    try:
        for line, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= limits.max_rows:  # stop reading: the rest of the file is not parsed
                raise ScreeningFileError(
                    _("At most %(n)s rows can be screened in one file (row %(row)s is one too many); split the file.")
                    % {"n": f"{limits.max_rows:,}", "row": line},
                    row=line,
                )
            rows.append((line, cells))
    except TableFileError as exc:
        raise ScreeningFileError(str(exc), row=getattr(exc, "row", 0) or 0) from exc
    index = classifier_get()
    report: list[dict[str, Any]] = []
    # Classified a chunk at a time (a fixed number of queries each, no query per row); progress once per chunk.
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values, identifiers = [], []
        for _line, cells in chunk:
            value = {key: (cells[i] if i < len(cells) else "").strip() for key, i in mapping.items()}
            values.append(value)
            identifiers.append(value.get("cas") or value.get("smiles") or value.get("name") or "")
        classified = iter(classify_identifiers([i for i in identifiers if len(i) <= MAX_IDENTIFIER_LENGTH],
                                               index=index))  # fmt: skip
        for (line, _cells), value, identifier in zip(chunk, values, identifiers, strict=True):
            if len(identifier) > MAX_IDENTIFIER_LENGTH:
                errors = [_("Longer than 2,000 characters: not classified.")]
                report.append({"row": line, **value, "input": identifier[:60] + "…", "substance": None,
                               "matches": [], "errors": errors})  # fmt: skip
                continue
            # The report shows neither the canonical SMILES nor the InChIKey of an unregistered structure.
            report.append({"row": line, **value, **next(classified).as_json(structure_ids=False)})
        if progress:
            progress(len(report), len(rows))
    listed = sum(1 for r in report if r["matches"])
    # "rows_with_errors", not "errors": a job's "errors" are the row errors of an import (a list), which the job
    # page lists; a count there answered 500 (issue #16).
    with_errors = sum(1 for r in report if r["errors"])
    return {"rows": len(report), "listed": listed, "rows_with_errors": with_errors, "report": report}
