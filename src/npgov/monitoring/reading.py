"""Reading result files in blocks: CSV (UTF-8 or GB18030, any separator) and Excel, never whole.

Part of the monitoring importer (``importers.py`` validates, ``storing.py`` writes).
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from npgov.core.tabular import TableFileError
from npgov.core.uploads import LARGE, UploadLimits, UploadRefused, check_upload

BATCH_ROWS = 50_000  # Excel rows per batch
BLOCK_BYTES = 8 << 20  # CSV bytes per batch (about 60,000 rows of a typical long file)
# The longest record a results file can hold (500 columns of text); a longer one is a quotation mark
# left open that swallowed the lines after it: the file is refused there, naming the row.
MAX_RECORD_BYTES = 4 << 20


# The file as a whole cannot be imported (type, encoding, header, mapping): the pipeline's file error.
ImportFileError = TableFileError


@dataclass
class Source:
    """A file opened for reading: its headers and its rows in batches of text columns."""

    headers: list[str]
    # Each batch has "_line" (the header is line 1) and one column per header; rows with no value are left
    # out (Excel's "save as CSV" writes ",,,," for formatted empty rows). ``batches(preview=True)`` yields
    # only a first small batch, for the mapping page.
    batches: Callable[..., Iterator[pl.DataFrame]]
    estimated_rows: int
    cleanup: Callable[[], None] = lambda: None


class _Caps:
    """The upload's caps on rows and cells, counted as batches are read (the file is refused at the first
    row beyond them, naming it)."""

    def __init__(self, headers: list[str], limits: UploadLimits) -> None:
        self.limits = limits.scaled()
        self.columns = len(headers)
        self.rows = 0
        if self.columns > self.limits.max_columns:
            raise ImportFileError(
                _("Row 1 has %(n)s columns; this upload takes at most %(limit)s columns.")
                % {"n": f"{self.columns:,}", "limit": f"{self.limits.max_columns:,}"}, row=1,
            )  # fmt: skip

    def batch(self, frame: pl.DataFrame) -> None:
        self.rows += frame.height
        over_rows = self.rows - self.limits.max_rows
        over_cells = self.rows * self.columns - self.limits.max_cells
        if over_rows > 0:
            line = int(frame["_line"][frame.height - over_rows])
            raise ImportFileError(
                _("The file has more than %(limit)s data rows (row %(row)s); split it into several files.")
                % {"limit": f"{self.limits.max_rows:,}", "row": line}, row=line,
            )  # fmt: skip
        if over_cells > 0:
            line = int(frame["_line"][max(frame.height - over_cells // max(self.columns, 1) - 1, 0)])
            raise ImportFileError(
                _("The file has more than %(limit)s cells (row %(row)s); split it into several files.")
                % {"limit": f"{self.limits.max_cells:,}", "row": line}, row=line,
            )  # fmt: skip


def _without_empty_rows(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    """The rows that hold a value in some cell (spaces do not count)."""
    if frame.height == 0 or not headers:
        return frame
    filled = pl.any_horizontal(pl.col(h).str.strip_chars().fill_null("") != "" for h in headers)
    return frame.filter(filled)


def _clean_header(text: object) -> str:
    return str(text or "").replace("\ufeff", "").strip()


def _utf8_path(path: Path) -> tuple[Path, bool]:
    """The file as UTF-8 with line feeds, and whether it is a copy.

    GB18030 is transcoded into a temporary file, in blocks; so is a file whose lines end with a lone
    carriage return (old Mac Excel's "save as CSV"), its CRs becoming line feeds.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    cr_only = b"\n" not in head and b"\r" in head
    cut = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1 if len(head) == 1 << 20 else len(head)
    encoding = "utf-8"
    try:
        head[:cut].decode("utf-8")
    except UnicodeDecodeError:
        encoding = "gb18030"
        try:
            head[:cut].decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx.")
            ) from None
    if encoding == "utf-8" and not cr_only:
        return path, False
    decoder = codecs.getincrementaldecoder(encoding)()
    copy = tempfile.NamedTemporaryFile(prefix="npgov-import-", suffix=".csv", delete=False)  # noqa: SIM115

    def write(text: str) -> None:
        copy.write((text.replace("\r", "\n") if cr_only else text).encode("utf-8"))

    try:
        with path.open("rb") as handle, copy:
            for block in iter(lambda: handle.read(1 << 20), b""):
                write(decoder.decode(block))
            write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        Path(copy.name).unlink(missing_ok=True)
        raise ImportFileError(
            _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx.")
        ) from None
    return Path(copy.name), True


def _open_csv(path: Path, limits: UploadLimits) -> Source:
    utf8, is_copy = _utf8_path(path)
    with utf8.open("rb") as handle:
        sample = handle.read(1 << 16).decode("utf-8", errors="ignore")
    first_line = sample.lstrip("\ufeff").split("\n", 1)[0]
    if not first_line.strip():
        raise ImportFileError(_("The file is empty."))
    separator = max((",", "\t", ";"), key=first_line.count)
    lines_in_sample = max(sample.count("\n"), 1)
    estimated = max(int(path.stat().st_size / (len(sample.encode()) / lines_in_sample)) - 1, 1)
    headers_raw = next(csv.reader([first_line], delimiter=separator))
    headers = [_clean_header(h) for h in headers_raw]
    while len(headers) > 1 and not headers[-1]:  # "save as CSV" of a sheet with formatted empty columns
        headers.pop()
    _check_headers(headers)
    _Caps(headers, limits)

    def batches(preview: bool = False) -> Iterator[pl.DataFrame]:
        schema = dict.fromkeys(headers, pl.String)
        caps = _Caps(headers, limits)
        next_line = 2
        with utf8.open("rb") as handle:
            handle.readline()  # the titles, read above
            blocks = _csv_blocks(handle, BLOCK_BYTES)
            while True:
                try:
                    block = next(blocks, None)
                except _OpenQuote as exc:
                    row = next_line + exc.records_before
                    raise ImportFileError(
                        _("Row %(row)s has a quotation mark (\") that is never closed, so the rest of the file "
                          "cannot be read: remove it, or close the quoted cell.") % {"row": row}, row=row,
                    ) from None  # fmt: skip
                if block is None:
                    return
                try:
                    frame = pl.read_csv(
                        io.BytesIO(block), has_header=False, schema=schema, separator=separator,
                        truncate_ragged_lines=True, raise_if_empty=False,
                    )  # fmt: skip
                except pl.exceptions.PolarsError as exc:  # e.g. a row with more cells than titles (a decimal comma?)
                    message = _("The file cannot be read as CSV near row %(row)s: %(error)s")
                    raise ImportFileError(message % {"row": next_line, "error": str(exc)[:200]}) from exc
                frame = frame.with_row_index("_line", offset=next_line).with_columns(pl.col("_line").cast(pl.Int64))
                next_line += frame.height
                frame = _without_empty_rows(frame, headers)
                caps.batch(frame)
                yield frame.head(5) if preview else frame
                if preview:
                    return

    return Source(
        headers=headers,
        batches=batches,
        estimated_rows=estimated,
        cleanup=(lambda: utf8.unlink(missing_ok=True)) if is_copy else (lambda: None),
    )


class _OpenQuote(Exception):
    """A quotation mark is never closed; ``records_before``: the whole records before the one it opens."""

    def __init__(self, records_before: int) -> None:
        super().__init__(records_before)
        self.records_before = records_before


def _record_ends(data: bytes) -> np.ndarray:
    """Offsets of the newlines in ``data`` that end a record: those with an even number of quotation
    marks before them (a newline inside a quoted cell does not end one). One pass, in numpy."""
    codes = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(codes == 0x0A)
    if newlines.size == 0:
        return newlines
    quotes_before = np.cumsum(codes == 0x22, dtype=np.int64)[newlines]
    return newlines[quotes_before % 2 == 0]


def _csv_blocks(handle: Any, size: int) -> Iterator[bytes]:
    """The file in blocks of about ``size`` bytes, each ending at the end of a record.

    A newline inside a quoted cell does not end a record (the quotes before it are counted once per
    block, in linear time). A quotation mark that is never closed — at the end of the file, or after
    more than :data:`MAX_RECORD_BYTES` — raises :class:`_OpenQuote` at once. Memory stays at a block or
    two whatever the file's size. The first block is an eighth of the others, so that the first rows are
    checked while the rest is read.
    """
    rest = b""
    first = True
    while True:
        block = handle.read(max(size // 8, 1) if first else size)
        first = False
        data = rest + block
        ends = _record_ends(data)
        if not block:
            if data.count(b'"') % 2:
                raise _OpenQuote(len(ends))
            if data.strip():
                yield data
            return
        if ends.size == 0:
            if len(data) > MAX_RECORD_BYTES and data.count(b'"') % 2:
                raise _OpenQuote(0)
            rest = data  # no complete record yet: read on
            continue
        cut = int(ends[-1])
        yield data[: cut + 1]
        rest = data[cut + 1 :]


def _excel_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value).strip()
    return text or None


def _open_excel(path: Path, limits: UploadLimits) -> Source:
    from openpyxl import load_workbook  # heavy, and only for Excel uploads

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise ImportFileError(_("The Excel file cannot be opened: %(error)s") % {"error": exc}) from exc
    names = book.sheetnames
    sheet_name = next((n for n in names if n in ("数据", "结果", "data", "results")), None)
    sheet_name = sheet_name or next((n for n in names if n not in ("说明", "填写说明", "instructions")), names[0])
    sheet = book[sheet_name]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = [_clean_header(h) for h in next(rows)]
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    while headers and not headers[-1]:
        headers.pop()
    _check_headers(headers)
    _Caps(headers, limits)
    estimated = max((sheet.max_row or 2) - 1, 1)  # the sheet's recorded dimension: no count of the rows

    def batches(preview: bool = False) -> Iterator[pl.DataFrame]:
        caps = _Caps(headers, limits)
        size = 5 if preview else BATCH_ROWS
        columns: list[list[str | None]] = [[] for _ in headers]
        lines: list[int] = []
        for line, row in enumerate(rows, start=2):
            if not any(v is not None and str(v).strip() for v in row):
                continue
            lines.append(line)
            for index in range(len(headers)):
                columns[index].append(_excel_text(row[index]) if index < len(row) else None)
            if len(lines) >= size:
                frame = _frame(lines, headers, columns)
                caps.batch(frame)
                yield frame
                if preview:
                    return
                columns, lines = [[] for _ in headers], []
        if lines:
            frame = _frame(lines, headers, columns)
            caps.batch(frame)
            yield frame
        book.close()

    return Source(headers=headers, batches=batches, estimated_rows=estimated, cleanup=book.close)


def _frame(lines: list[int], headers: list[str], columns: list[list[str | None]]) -> pl.DataFrame:
    data: dict[str, Any] = {"_line": pl.Series("_line", lines, dtype=pl.Int64)}
    for name, values in zip(headers, columns, strict=True):
        data[name] = pl.Series(name, values, dtype=pl.String)
    return pl.DataFrame(data)


def _check_headers(headers: list[str]) -> None:
    if not any(headers):
        raise ImportFileError(_("The first row must hold the column titles."))
    seen: set[str] = set()
    for header in headers:
        if not header:
            raise ImportFileError(_("A column has no title in the first row."))
        if header in seen:
            raise ImportFileError(_("The column title %(title)s appears twice.") % {"title": header})
        seen.add(header)


def open_source(path: Path, filename: str, limits: UploadLimits = LARGE) -> Source:
    """The file opened for reading in batches, once its size and (for a workbook) its inflated size are
    within ``limits``; rows and cells are counted against them as batches are read."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    _check_file(path, filename, limits)
    if suffix in (".xlsx", ".xlsm"):
        return _open_excel(path, limits)
    return _open_csv(path, limits)


def _check_file(path: Path, filename: str, limits: UploadLimits) -> None:
    """The upload caps that hold before a row is read: size, and the inflated size of a workbook (from the
    zip directory: nothing is read whole)."""
    try:
        check_upload(path, filename, limits)
    except UploadRefused as exc:
        raise ImportFileError(str(exc)) from None
