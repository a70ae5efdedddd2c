"""Reading uploaded tables: CSV (UTF-8 with or without BOM, GB18030/GBK) and Excel (.xlsx).

Rows are streamed, never loaded whole, so the same reader serves a 20-row department list and a
million-row monitoring file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class TableFileError(ValueError):
    """The file as a whole cannot be read (type, encoding, no header); the message is localised."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number in the file, cells as text)
    encoding: str = ""


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableFileError(_("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx."))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise TableFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise TableFileError(_("Row %(row)s cannot be read: %(error)s") % {"row": 1, "error": exc}) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        line_number = 1
        try:
            for line_number, cells in enumerate(reader, start=2):  # noqa: B007  (used after the loop on error)
                yield line_number, [c.strip() for c in cells]
        except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
            raise TableFileError(
                _("Row %(row)s cannot be read: %(error)s") % {"row": line_number + 1, "error": exc}
            ) from exc

    return Table(headers=headers, rows=rows(), encoding=encoding)


def _read_excel(data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # here: heavy, and only Excel uploads need it (start-up stays light)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise TableFileError(_("The Excel file cannot be opened: %(error)s") % {"error": exc}) from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        raise TableFileError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet})
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    values = worksheet.iter_rows(values_only=True)
    try:
        headers = [_cell_text(h) for h in next(values)]
    except StopIteration:
        raise TableFileError(_("The sheet is empty.")) from None
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line_number, cells in enumerate(values, start=2):
            yield line_number, [_cell_text(c) for c in cells[: len(headers)]]

    return Table(headers=headers, rows=rows(), encoding="xlsx")


def read_table(data: bytes, filename: str, *, sheet: str | None = None) -> Table:
    suffix = PurePath(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(data)
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(data, sheet)
    raise TableFileError(_("Unsupported file type %(suffix)s: upload .csv or .xlsx.") % {"suffix": suffix or "?"})
