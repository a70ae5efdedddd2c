"""Batch screening of an uploaded chemical inventory against the lists (run as a background job)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from npgov.core.tabular import TableFileError, read_table
from npgov.regulations.services.classification import classifier_get, classify_identifier

# Column titles understood in inventory files (lower-cased).
COLUMNS = {
    "cas": {"cas", "cas rn", "cas号", "cas 号", "cas编号", "cas no", "cas no."},
    "name": {"name", "名称", "物质名称", "化学物质名称", "中文名称", "chemical name", "substance"},
    "smiles": {"smiles", "结构", "structure"},
}


MAX_ROWS = 50_000
MAX_IDENTIFIER_LENGTH = 2000


class ScreeningFileError(ValueError):
    pass


def _column_map(headers: list[str]) -> dict[str, int]:
    mapping = {}
    for index, header in enumerate(headers):
        for key, names in COLUMNS.items():
            if header.strip().lower() in names and key not in mapping:
                mapping[key] = index
    if not mapping:
        raise ScreeningFileError(_("The file needs at least one column named CAS, name (名称) or SMILES."))
    return mapping


def screening_run(*, data: bytes, filename: str, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Classify every row of an inventory file; returns the report rows and totals."""
    try:
        table = read_table(data, filename)
    except TableFileError as exc:
        raise ScreeningFileError(str(exc)) from exc
    mapping = _column_map(table.headers)
    try:
        rows = [(line, cells) for line, cells in table.rows if any(cells)]
    except TableFileError as exc:
        raise ScreeningFileError(str(exc)) from exc
    if len(rows) > MAX_ROWS:
        raise ScreeningFileError(_("At most %(n)s rows can be screened in one file.") % {"n": f"{MAX_ROWS:,}"})
    report, index = [], classifier_get()
    for done, (line, cells) in enumerate(rows, start=1):
        value = {key: (cells[i] if i < len(cells) else "").strip() for key, i in mapping.items()}
        identifier = value.get("cas") or value.get("smiles") or value.get("name") or ""
        if len(identifier) > MAX_IDENTIFIER_LENGTH:
            report.append({"row": line, **value, "input": identifier[:60] + "…", "substance": None, "matches": [],
                           "errors": [_("Longer than 2,000 characters: not classified.")]})  # fmt: skip
            continue
        result = classify_identifier(identifier, index=index)
        report.append({"row": line, **value, **result.as_json()})
        if progress and (done % 25 == 0 or done == len(rows)):
            progress(done, len(rows))
    listed = sum(1 for r in report if r["matches"])
    return {"rows": len(report), "listed": listed, "errors": sum(1 for r in report if r["errors"]), "report": report}
