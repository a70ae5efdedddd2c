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

import polars as pl
from django.utils.translation import gettext as _

from npgov.core.tabular import TableFileError

BATCH_ROWS = 50_000  # Excel rows per batch
BLOCK_BYTES = 8 << 20  # CSV bytes per batch (about 60,000 rows of a typical long file)


# The file as a whole cannot be imported (type, encoding, header, mapping): the pipeline's file error.
ImportFileError = TableFileError


@dataclass
class Source:
    """A file opened for reading: its headers and its rows in batches of text columns."""

    headers: list[str]
    batches: Callable[[], Iterator[pl.DataFrame]]  # each with "_line" (the header is line 1) and one column per header
    estimated_rows: int
    cleanup: Callable[[], None] = lambda: None


def _clean_header(text: object) -> str:
    return str(text or "").replace("\ufeff", "").strip()


def _utf8_path(path: Path) -> tuple[Path, bool]:
    """The file as UTF-8 (transcoding GB18030 into a temporary file, in blocks), and whether it is a copy."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    cut = head.rfind(b"\n") + 1 if len(head) == 1 << 20 else len(head)
    try:
        head[:cut].decode("utf-8")
        return path, False
    except UnicodeDecodeError:
        pass
    try:
        head[:cut].decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx.")
        ) from None
    decoder = codecs.getincrementaldecoder("gb18030")()
    copy = tempfile.NamedTemporaryFile(prefix="npgov-import-", suffix=".csv", delete=False)  # noqa: SIM115
    try:
        with path.open("rb") as handle, copy:
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(decoder.decode(block).encode("utf-8"))
            copy.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        Path(copy.name).unlink(missing_ok=True)
        raise ImportFileError(
            _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx.")
        ) from None
    return Path(copy.name), True


def _open_csv(path: Path) -> Source:
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
    _check_headers(headers)

    def batches() -> Iterator[pl.DataFrame]:
        schema = dict.fromkeys(headers, pl.String)
        next_line = 2
        with utf8.open("rb") as handle:
            handle.readline()  # the titles, read above
            for block in _csv_blocks(handle, BLOCK_BYTES):
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
                yield frame

    return Source(
        headers=headers,
        batches=batches,
        estimated_rows=estimated,
        cleanup=(lambda: utf8.unlink(missing_ok=True)) if is_copy else (lambda: None),
    )


def _csv_blocks(handle: Any, size: int) -> Iterator[bytes]:
    """The file in blocks of about ``size`` bytes, each ending at the end of a record.

    A newline inside a quoted cell does not end a record: a cut is moved back until the quotes
    before it are balanced. Memory stays at a block or two whatever the file's size. The first
    block is an eighth of the others, so that the database starts loading while the rest is checked.
    """
    rest = b""
    first = True
    while True:
        block = handle.read(max(size // 8, 1) if first else size)
        first = False
        data = rest + block
        if not block:
            if data.strip():
                yield data
            return
        cut = data.rfind(b"\n")
        while cut >= 0 and data.count(b'"', 0, cut) % 2:
            cut = data.rfind(b"\n", 0, cut)
        if cut < 0:
            rest = data  # no complete record yet: read on
            continue
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


def _open_excel(path: Path) -> Source:
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
    estimated = max((sheet.max_row or 2) - 1, 1)

    def batches() -> Iterator[pl.DataFrame]:
        columns: list[list[str | None]] = [[] for _ in headers]
        lines: list[int] = []
        for line, row in enumerate(rows, start=2):
            if not any(v is not None and str(v).strip() for v in row):
                continue
            lines.append(line)
            for index in range(len(headers)):
                columns[index].append(_excel_text(row[index]) if index < len(row) else None)
            if len(lines) >= BATCH_ROWS:
                yield _frame(lines, headers, columns)
                columns, lines = [[] for _ in headers], []
        if lines:
            yield _frame(lines, headers, columns)
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


def open_source(path: Path, filename: str) -> Source:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_excel(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _open_csv(path)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))
