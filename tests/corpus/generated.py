"""Corpus files too large to commit, made when the test runs: a zip bomb, an oversized file, too many rows
and too many columns. Each is cheap to make (seconds) and must be refused in seconds."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from npgov.core.uploads import DEFAULT, MB

ENTERPRISE_HEAD = "统一社会信用代码,名称,行政区,行业\n"


def xlsx_bomb(inflated_bytes: int = DEFAULT.max_inflated_bytes + 50 * MB) -> bytes:
    """A valid-looking workbook whose sheet XML inflates to ``inflated_bytes`` (a few MB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')  # fmt: skip
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
        row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
        block = row * (1 * MB // len(row))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(inflated_bytes // len(block) + 1):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def oversized_csv(size: int = DEFAULT.max_bytes + MB) -> bytes:
    line = "9144030071526726XG,大连示例化工有限公司,210211,2614\n".encode()
    return ENTERPRISE_HEAD.encode() + line * (size // len(line) + 1)


def too_many_rows(rows: int = DEFAULT.max_rows + 1) -> bytes:
    """Short rows, small file: only the row cap can refuse it."""
    return (ENTERPRISE_HEAD + "x,y,1,2\n" * rows).encode()


def too_many_columns(columns: int = DEFAULT.max_columns + 1) -> bytes:
    head = ",".join(f"c{i}" for i in range(columns))
    return (head + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


GENERATED: dict[str, tuple[str, Callable[[], bytes]]] = {
    # name: (file name for the upload, maker)
    "xlsx_bomb": ("bomb.xlsx", xlsx_bomb),
    "oversized_csv": ("big.csv", oversized_csv),
    "too_many_rows": ("rows.csv", too_many_rows),
    "too_many_columns": ("columns.csv", too_many_columns),
}
