"""Table exports to CSV and Excel that are safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab/carriage return) would be run as a formula by Excel or
WPS; such cells get a leading apostrophe (OWASP "CSV injection").

Times are written in the configured ``TIME_ZONE`` (Beijing time), like the pages, and the title of a
column holding times says so ("sampled at (北京时间 UTC+8)"): a datetime object or an ISO text with an
offset (django-tables2 exports ``isoformat()`` of the stored UTC value) is converted, so that a sample
taken at 07:30 in Dalian is not exported on the previous day (issue #16).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# An ISO date and time with its UTC offset, as isoformat() writes an aware datetime.
_ISO_AWARE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")
# Data rows looked at to find the columns holding times (their titles get the time zone).
_TIME_COLUMN_SAMPLE = 200
_BEIJING = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"}
# An Excel sheet holds 1,048,576 rows: the title row and this many data rows, then a row saying the rest is cut.
XLSX_MAX_ROWS = 1_048_574
# A workbook up to this size is sent from memory; a larger one is streamed from its temporary file.
XLSX_IN_MEMORY_BYTES = 4 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def time_zone_label() -> str:
    """The export's time zone as a column title suffix: "北京时间 UTC+8" for Asia/Shanghai."""
    offset = timezone.localtime().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    if settings.TIME_ZONE in _BEIJING:
        return f"{_('Beijing time')} {utc}"
    return f"{settings.TIME_ZONE} {utc}"


def _local_time(value: Any) -> datetime | None:
    """A datetime (object, or ISO text with an offset) in the configured time zone, naive; else None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _ISO_AWARE.match(value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def escape_formula(value: Any) -> Any:
    """Neutralise a value that a spreadsheet would evaluate; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    moment = _local_time(value)
    if moment is not None:
        return moment
    if isinstance(value, (int, float, date)):
        return value
    # Control characters (\x01, vertical tab …) are not allowed in XLSX cells: drop them.
    return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def with_time_zone(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    """The rows with the time zone added to the title (first row) of each column that holds times.

    Looks at the first data rows only (the export stays a stream)."""
    iterator = iter(rows)
    try:
        header = list(next(iterator))
    except StopIteration:
        return
    sample = [list(row) for row in itertools.islice(iterator, _TIME_COLUMN_SAMPLE)]
    time_columns = {index for row in sample for index, value in enumerate(row) if _local_time(value) is not None}
    if time_columns:
        suffix = f" ({time_zone_label()})"
        header = [f"{title}{suffix}" if index in time_columns and isinstance(title, str) and title
                  and _local_time(title) is None else title for index, title in enumerate(header)]  # fmt: skip
    yield header
    yield from sample
    for row in iterator:
        yield list(row)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV with a BOM (so Excel on Chinese Windows reads it right)."""
    writer = csv.writer(_Echo())

    def generate() -> Iterator[str]:
        yield "\ufeff"
        for row in with_time_zone(rows):
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, rows), streamed row by row (write-only mode)."""
    from openpyxl import Workbook  # here: heavy, and only Excel exports need it (start-up stays light)

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        for row in with_time_zone(rows):
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def xlsx_stream_response(title: str, rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse | FileResponse:
    """One sheet of any length, in bounded memory: openpyxl's write-only sheet and the workbook go to a
    temporary file (not a buffer), which is then streamed. Rows beyond an Excel sheet's limit are left
    out, with a last row saying so (the CSV export has no limit)."""
    from openpyxl import Workbook  # here: heavy, and only Excel exports need it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    iterator = with_time_zone(rows)
    for row in itertools.islice(iterator, XLSX_MAX_ROWS + 1):  # the title row and the data rows
        sheet.append([_cell(v) for v in row])
    if next(iterator, None) is not None:
        sheet.append([_("More rows than an Excel sheet holds: export CSV for all of them.")])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # removed when the response closes it
    workbook.save(handle)
    if handle.tell() <= XLSX_IN_MEMORY_BYTES:  # a small workbook is simply sent (a plain response)
        handle.seek(0)
        with handle:
            data = handle.read()
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
