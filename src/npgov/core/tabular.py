"""Reading uploaded tables: CSV (UTF-8 with or without BOM, GB18030/GBK) and Excel (.xlsx).

Rows are streamed, never loaded whole, so the same reader serves a 20-row department list and a
million-row monitoring file. The caps of an :class:`~npgov.core.uploads.UploadLimits` are enforced
before parsing (size, inflated size) and while reading (rows, columns, cells: the error names the row
where a cap is passed, the file is never counted first). Malformed files fail fast with the row named:
a quotation mark that is never closed, a cell longer than a spreadsheet allows, titles not on row 1.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import gettext as _

from npgov.core.uploads import DEFAULT, UploadLimits, UploadRefused, check_upload

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

# The longest cell a spreadsheet holds (Excel and WPS: 32,767 characters). A longer CSV cell is almost
# always a quotation mark left open that swallowed the following lines.
MAX_CELL_CHARS = 32_767
# The csv module's own limit (process-wide): above the longest cell, so that ours gives the message.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 20))
# Rows looked at after the first to tell titles on row 2 or 3 from a one-column file.
_HEADER_LOOKAHEAD = 3


class TableFileError(ValueError):
    """The file as a whole cannot be read (type, encoding, no header, a cap passed); the message is
    localised. ``row`` is the row where reading stopped (0: the file as a whole)."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, cells as text); empty rows are left out
    encoding: str = ""
    estimated_rows: int = 0  # a cheap estimate of the data rows (for a progress bar), never a count


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableFileError(_("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx."))


def cell_text(value: object) -> str:
    """An Excel cell as text that keeps its value exactly: integers without ``.0``, other floats as the
    shortest text that reads back to the same float (``0.1``, ``1e-05``), dates as ISO dates
    (``2024-05-01``; with the time only when there is one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


_cell_text = cell_text  # the former private name


# --- caps while reading -------------------------------------------------------------------------------
class _Caps:
    """Counts rows and cells as they are read and stops at the first row beyond a cap."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits.scaled()
        self.rows = 0
        self.cells = 0

    def headers(self, headers: list[str]) -> None:
        if len(headers) > self.limits.max_columns:
            raise TableFileError(
                _("Row 1 has %(n)s columns; this upload takes at most %(limit)s columns.")
                % {"n": f"{len(headers):,}", "limit": f"{self.limits.max_columns:,}"}, row=1,
            )  # fmt: skip

    def row(self, line: int, cells: list[str]) -> None:
        if len(cells) > self.limits.max_columns:
            raise TableFileError(
                _("Row %(row)s has %(n)s cells; this upload takes at most %(limit)s columns.")
                % {"row": line, "n": f"{len(cells):,}", "limit": f"{self.limits.max_columns:,}"}, row=line,
            )  # fmt: skip
        self.rows += 1
        self.cells += len(cells)
        if self.rows > self.limits.max_rows:
            raise TableFileError(
                _("The file has more than %(limit)s data rows (row %(row)s); split it into several files.")
                % {"limit": f"{self.limits.max_rows:,}", "row": line}, row=line,
            )  # fmt: skip
        if self.cells > self.limits.max_cells:
            raise TableFileError(
                _("The file has more than %(limit)s cells (row %(row)s); split it into several files.")
                % {"limit": f"{self.limits.max_cells:,}", "row": line}, row=line,
            )  # fmt: skip


def _trim(cells: list[str]) -> list[str]:
    """Without the empty cells at the end of the row (Excel writes ``,,,,`` for formatted empty cells)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end] if end < len(cells) else cells


def _check_titles_on_row_1(headers: list[str], first_rows: list[tuple[int, list[str]]]) -> None:
    """Refuse a sheet whose row 1 is empty or a title above the table (titles on row 2 or 3)."""
    filled = [h for h in headers if h]
    widest = max((sum(1 for c in cells if c) for _line, cells in first_rows), default=0)
    if (not filled and widest >= 2) or (len(filled) == 1 and widest >= 3):
        raise TableFileError(
            _("Column titles must be on row 1: row 1 holds %(found)s, while later rows have several cells. "
              "Delete the rows above the column titles.")
            % {"found": f"“{filled[0]}”" if filled else _("nothing")}, row=1,
        )  # fmt: skip
    if not filled:
        raise TableFileError(_("Row 1 is empty: column titles must be on row 1."), row=1)


def _with_checks(
    headers: list[str], rows: Iterator[tuple[int, list[str]]], limits: UploadLimits
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Headers trimmed and checked; rows without empty ones, under the caps."""
    headers = _trim(headers)
    caps = _Caps(limits)
    caps.headers(headers)
    non_empty = ((line, _trim(cells)) for line, cells in rows)
    non_empty = ((line, cells) for line, cells in non_empty if any(cells))
    first = list(itertools.islice(non_empty, _HEADER_LOOKAHEAD))
    _check_titles_on_row_1(headers, first)

    def checked() -> Iterator[tuple[int, list[str]]]:
        for line, cells in itertools.chain(first, non_empty):
            caps.row(line, cells)
            yield line, cells

    return headers, checked()


# --- CSV ----------------------------------------------------------------------------------------------
def _sniff_delimiter(sample: str) -> str:
    """The separator (comma, tab or semicolon); only the separator is taken from the sniffer, the quoting
    rules are always Excel's (a doubled quotation mark inside a quoted cell)."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        return ","


def _unclosed_quote(cell: str, delimiter: str, width: int) -> bool:
    """A cell spanning lines that look like rows of the table: a quotation mark opened and not closed."""
    if "\n" not in cell or width < 3:
        return False
    return any(line.count(delimiter) >= width - 1 for line in cell.split("\n")[1:])


def _read_csv(data: bytes, limits: UploadLimits) -> Table:
    text, encoding = decode_text(data)
    if "\r" in text and "\n" not in text:  # old Mac / some exports: lines end with CR alone
        text = text.replace("\r", "\n")
    delimiter = _sniff_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)

    def unreadable(row: int, exc: Exception) -> TableFileError:
        return TableFileError(
            _("Row %(row)s cannot be read: %(error)s. Check the quotation marks (\") on this row: a cell that "
              "starts with one must end with one, and a quotation mark inside a cell is written twice.")
            % {"row": row, "error": exc}, row=row,
        )  # fmt: skip

    try:
        header_cells = next(reader)
    except StopIteration:
        raise TableFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise unreadable(1, exc) from exc
    headers = [h.replace("\ufeff", "").strip() for h in header_cells]

    def raw_rows() -> Iterator[tuple[int, list[str]]]:
        line_number = 1
        try:
            for line_number, cells in enumerate(reader, start=2):  # noqa: B007  (used after the loop on error)
                for cell in cells:
                    if len(cell) > MAX_CELL_CHARS or _unclosed_quote(cell, delimiter, len(headers)):
                        raise TableFileError(
                            _("Row %(row)s has a cell that runs over several lines or beyond %(limit)s "
                              "characters: a quotation mark (\") is probably not closed.")
                            % {"row": line_number, "limit": f"{MAX_CELL_CHARS:,}"}, row=line_number,
                        )  # fmt: skip
                yield line_number, [c.strip() for c in cells]
        except csv.Error as exc:
            raise unreadable(line_number + 1, exc) from exc

    headers, rows = _with_checks(headers, raw_rows(), limits)
    return Table(headers=headers, rows=rows, encoding=encoding, estimated_rows=estimate_csv_rows(data))


# --- Excel --------------------------------------------------------------------------------------------
def _read_excel(data: bytes, sheet: str | None, limits: UploadLimits) -> Table:
    from openpyxl import load_workbook  # here: heavy, and only Excel uploads need it (start-up stays light)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise TableFileError(_("The Excel file cannot be opened: %(error)s") % {"error": exc}) from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        raise TableFileError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet})
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    width = limits.scaled().max_columns + 1  # one more: a row beyond the cap is reported, not cut
    values = worksheet.iter_rows(values_only=True, max_col=width)
    try:
        headers = [cell_text(h) for h in next(values)]
    except StopIteration:
        raise TableFileError(_("The sheet is empty.")) from None
    except Exception as exc:  # a damaged sheet part
        raise TableFileError(_("The Excel file cannot be opened: %(error)s") % {"error": exc}) from exc

    def raw_rows() -> Iterator[tuple[int, list[str]]]:
        line_number = 1
        try:
            for line_number, cells in enumerate(values, start=2):  # noqa: B007
                yield line_number, [cell_text(c) for c in cells]
        except TableFileError:
            raise
        except Exception as exc:  # a damaged sheet part, found while reading
            raise TableFileError(
                _("Row %(row)s cannot be read: %(error)s") % {"row": line_number + 1, "error": exc}, row=line_number + 1
            ) from exc

    headers, rows = _with_checks(headers, raw_rows(), limits)
    estimated = max((worksheet.max_row or 2) - 1, 0) if worksheet.max_row is not None else 0
    return Table(headers=headers, rows=rows, encoding="xlsx",
                 estimated_rows=min(estimated, limits.scaled().max_rows))  # fmt: skip


def read_table(
    data: bytes, filename: str, *, sheet: str | None = None, limits: UploadLimits = DEFAULT
) -> Table:
    """The file's headers and its non-empty rows as text, read lazily under ``limits``.

    Raises :class:`TableFileError` (localised) for a file refused as a whole, and while iterating the
    rows for the first row that cannot be read or passes a cap.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
        raise TableFileError(
            _("Unsupported file type %(suffix)s: upload .csv or .xlsx.") % {"suffix": suffix or "?"}
        )
    check_upload_or_refuse(data, filename, limits)
    if suffix in CSV_SUFFIXES:
        return _read_csv(data, limits)
    return _read_excel(data, sheet, limits)


# --- a cheap pass over the raw file before any row is validated -----------------------------------------
_XLSX_VALUE = (b"<v>", b"<v ", b"<is>", b"<is ")


def precheck(data: bytes, filename: str, *, sheet: str | None = None, limits: UploadLimits = DEFAULT) -> None:
    """Refuse, within seconds, a file that passes a cap or cannot be read, before an importer validates
    (and so queries the database for) a single row: CSV is run through the raw reader with the caps (about
    a million rows a second); a workbook's sheet XML is scanned for rows holding a value (bounded by the
    inflated-size cap), without building cells. Raises :class:`TableFileError` naming the row."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        for _row in read_table(data, filename, limits=limits).rows:
            pass
        return
    if suffix in EXCEL_SUFFIXES and sheet is None:
        check_upload_or_refuse(data, filename, limits)
        rows = count_xlsx_value_rows(data, stop_after=limits.scaled().max_rows + 1)
        if rows > limits.scaled().max_rows + 1:  # the header and one row beyond the cap
            maximum = limits.scaled().max_rows
            raise TableFileError(
                _("The file has more than %(limit)s data rows (row %(row)s); split it into several files.")
                % {"limit": f"{maximum:,}", "row": maximum + 2}, row=maximum + 2,
            )  # fmt: skip


def check_upload_or_refuse(data: bytes, filename: str, limits: UploadLimits) -> None:
    try:
        check_upload(data, filename, limits)
    except UploadRefused as exc:
        raise TableFileError(str(exc)) from None


def count_xlsx_value_rows(data: bytes, *, stop_after: int | None = None, sheet_index: int = 0) -> int:
    """Rows holding at least one value in a workbook's sheet, counted on the decompressed XML in blocks
    (formatted empty rows do not count); stops early once past ``stop_after``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(
                (info for info in archive.infolist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename)),
                key=lambda info: int(re.sub(r"\D", "", info.filename) or 0),
            )
            if not sheets:
                return 0
            count, rest = 0, b""
            with archive.open(sheets[min(sheet_index, len(sheets) - 1)]) as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    *complete, rest = (rest + block).split(b"</row>")
                    count += sum(1 for row in complete if any(mark in row for mark in _XLSX_VALUE))
                    if stop_after is not None and count > stop_after:
                        return count
            return count
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return 0  # the reader reports the damaged file


# --- cheap size estimates (never a parse of the whole file) ---------------------------------------------
def estimate_csv_rows(data: bytes, sample_bytes: int = 1 << 16) -> int:
    """Data rows of a CSV, from its size and the average line length of its first 64 KB."""
    sample = data[:sample_bytes]
    lines = sample.count(b"\n") or sample.count(b"\r")
    if len(data) <= sample_bytes:
        return max(lines - 1 + (0 if sample.endswith((b"\n", b"\r")) else 1), 0)
    if lines == 0:
        return 1
    return max(int(len(data) / (len(sample) / lines)) - 1, 1)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def estimate_xlsx_rows(data: bytes, sheet_index: int = 0) -> int:
    """Data rows of a workbook's sheet from the ``<dimension>`` at the top of its XML (a few KB read),
    or, without one, from the sheet's unpacked size (about 100 bytes a row)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(
                (info for info in archive.infolist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename)),
                key=lambda info: int(re.sub(r"\D", "", info.filename) or 0),
            )
            if not sheets:
                return 0
            info = sheets[min(sheet_index, len(sheets) - 1)]
            with archive.open(info) as handle:
                head = handle.read(4096)
    except (zipfile.BadZipFile, KeyError, OSError):
        return 0
    match = _DIMENSION.search(head)
    if match and match.group(1):
        return max(int(match.group(1)) - 1, 0)
    return max(info.file_size // 100, 1)


def estimate_rows(data: bytes, filename: str) -> int:
    """A cheap estimate of a file's data rows, to choose between a direct import and a background job."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return estimate_xlsx_rows(data)
    if suffix in CSV_SUFFIXES:
        return estimate_csv_rows(data)
    return 0
