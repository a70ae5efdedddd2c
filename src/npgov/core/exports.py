"""Table exports to CSV and Excel that are safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab/carriage return) would be run as a formula by Excel or
WPS; such cells get a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """Neutralise a value that a spreadsheet would evaluate; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, date)):
        return value
    # Control characters (\x01, vertical tab …) are not allowed in XLSX cells: drop them.
    return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV with a BOM (so Excel on Chinese Windows reads it right)."""
    writer = csv.writer(_Echo())

    def generate() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
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
        for row in rows:
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
