"""Reading uploaded tables (issue #16): caps while streaming, malformed files named by row, Excel quirks,
exact cell text, cheap row estimates."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from npgov.core.tabular import (
    TableFileError,
    cell_text,
    estimate_csv_rows,
    estimate_rows,
    estimate_xlsx_rows,
    read_table,
)
from npgov.core.uploads import MB, UploadLimits, UploadRefused, check_upload


def rows_of(data: bytes, name: str = "t.csv", **kwargs: object) -> tuple[list[str], list[tuple[int, list[str]]]]:
    table = read_table(data, name, **kwargs)  # type: ignore[arg-type]
    return table.headers, list(table.rows)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_cr_only_line_endings_are_read_as_lines() -> None:
    headers, rows = rows_of('code,name,note\rdl-1,甲,"a ""quoted"" word"\rdl-2,乙,\r'.encode())
    assert headers == ["code", "name", "note"]
    assert rows == [(2, ["dl-1", "甲", 'a "quoted" word']), (3, ["dl-2", "乙"])]


def test_a_stray_quote_fails_at_once_naming_its_row() -> None:
    # one quotation mark opened on row 3 and never closed, in a file of 200,000 rows
    body = b"".join(b"%d,name %d,1.5\n" % (i, i) for i in range(200_000))
    data = b"id,name,value\n1,ok,1\n2,\"broken,2\n" + body
    with pytest.raises(TableFileError) as caught:
        rows_of(data)
    assert caught.value.row == 3 and '"' in str(caught.value)  # names the quotation mark


def test_a_quote_closed_in_the_middle_of_a_cell_is_named() -> None:
    with pytest.raises(TableFileError) as caught:
        rows_of(b'a,b\n1,2\n3,"x"y\n')
    assert caught.value.row == 3


def test_a_quote_left_open_at_the_end_of_the_file_is_an_error_not_lost_rows() -> None:
    with pytest.raises(TableFileError) as caught:
        rows_of(b'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n')
    assert caught.value.row == 3


def test_excel_save_as_csv_trailing_empty_rows_and_cells_are_ignored() -> None:
    data = "code,name,,,\r\ndl-1,甲,,,\r\n,,,,\r\n,,,,\r\n".encode() + b",,,,\r\n" * 50_000
    headers, rows = rows_of(data, limits=UploadLimits(max_rows=10))
    assert headers == ["code", "name"] and rows == [(2, ["dl-1", "甲"])]


@pytest.mark.parametrize("first_rows", [[["2024年企业名录"], [], ["code", "name", "district"]],
                                        [[], ["code", "name", "district"], ["a", "b", "c"]]])  # fmt: skip
def test_titles_below_row_1_are_refused_with_a_clear_message(first_rows: list[list[str]]) -> None:
    data = "\n".join(",".join(row) for row in [*first_rows, ["x", "y", "z"]]).encode()
    for content, name in ((data, "t.csv"), (xlsx(first_rows + [["x", "y", "z"]]), "t.xlsx")):
        with pytest.raises(TableFileError) as caught:
            rows_of(content, name)
        assert caught.value.row == 1


def test_a_one_column_file_is_not_mistaken_for_a_title() -> None:
    assert rows_of(b"cas\n50-00-0\n7732-18-5\n")[1] == [(2, ["50-00-0"]), (3, ["7732-18-5"])]


def test_the_row_cap_stops_at_the_first_row_beyond_it() -> None:
    data = b"a,b\n" + b"1,2\n" * 100
    table = read_table(data, "t.csv", limits=UploadLimits(max_rows=10))
    read = []
    with pytest.raises(TableFileError) as caught:
        for line, _cells in table.rows:
            read.append(line)
    assert caught.value.row == 12 and len(read) == 10  # streaming: rows 2–11 came out, row 12 stopped it


def test_the_column_and_cell_caps_name_the_row() -> None:
    with pytest.raises(TableFileError) as caught:
        rows_of(b"a,b,c\n1,2,3\n", limits=UploadLimits(max_columns=2))
    assert caught.value.row == 1
    with pytest.raises(TableFileError) as caught:
        rows_of(b"a,b\n1,2\n1,2,3,4\n", limits=UploadLimits(max_columns=3))
    assert caught.value.row == 3
    with pytest.raises(TableFileError) as caught:
        rows_of(b"a,b\n" + b"1,2\n" * 10, limits=UploadLimits(max_cells=9))
    assert caught.value.row == 6
    with pytest.raises(TableFileError) as caught:
        rows_of(xlsx([["a", "b"], *[[1, 2]] * 10]), "t.xlsx", limits=UploadLimits(max_rows=3))
    assert caught.value.row == 5


def test_an_oversized_file_and_a_zip_bomb_are_refused_before_parsing() -> None:
    with pytest.raises(TableFileError):
        read_table(b"a\n" + b"1\n" * 600_000, "t.csv", limits=UploadLimits(max_bytes=MB))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * (12 * MB))
    bomb = buffer.getvalue()
    assert len(bomb) < MB
    with pytest.raises(UploadRefused):
        check_upload(bomb, "bomb.xlsx", UploadLimits(max_inflated_bytes=10 * MB))
    with pytest.raises(TableFileError):
        read_table(bomb, "bomb.xlsx", limits=UploadLimits(max_inflated_bytes=10 * MB))


def test_excel_cells_keep_their_exact_value() -> None:
    assert cell_text(0.1 + 0.2) == "0.30000000000000004"  # never rounded into a valid-looking value
    assert cell_text(12.5) == "12.5" and cell_text(3.0) == "3" and cell_text(1e-05) == "1e-05"
    assert cell_text(1e20) == "1e+20" and cell_text(True) == "true"
    assert cell_text(datetime(2024, 5, 1)) == "2024-05-01"
    assert cell_text(datetime(2024, 5, 1, 7, 30)) == "2024-05-01 07:30:00"
    assert cell_text(date(2024, 5, 1)) == "2024-05-01"
    _headers, rows = rows_of(xlsx([["a", "b", "c"], [12.345, datetime(2024, 5, 1), 7]]), "t.xlsx")
    assert rows == [(2, ["12.345", "2024-05-01", "7"])]


def test_row_estimates_read_a_sample_only() -> None:
    data = b"a,b\n" + b"12345,67890\n" * 100_000
    assert abs(estimate_csv_rows(data) - 100_000) < 1_000
    assert estimate_csv_rows(b"a,b\n1,2\n3,4") == 2
    workbook = xlsx([["a", "b"], *[[i, i] for i in range(500)]])
    assert estimate_xlsx_rows(workbook) == 500
    assert estimate_rows(workbook, "x.xlsx") == 500 and estimate_rows(b"", "x.pdf") == 0


def test_a_file_with_a_stray_quote_in_a_semicolon_file_is_read_with_excel_quoting() -> None:
    headers, rows = rows_of(b'a;b\r1;"x ""y"""\r')
    assert rows == [(2, ["1", 'x "y"'])]


def test_the_precheck_refuses_too_many_rows_without_reading_them_as_records() -> None:
    from npgov.core.tabular import count_xlsx_value_rows, precheck

    with pytest.raises(TableFileError) as caught:
        precheck(b"a,b\n" + b"1,2\n" * 20 + b'3,"4\n', "t.csv", limits=UploadLimits(max_rows=10))
    assert caught.value.row == 12
    with pytest.raises(TableFileError) as caught:  # a quotation mark left open is found before any validation
        precheck(b"a,b\n" + b"1,2\n" * 5 + b'3,"4\n' + b"5,6\n" * 5, "t.csv")
    assert caught.value.row == 7
    workbook = xlsx([["a", "b"], *[[i, "x"] for i in range(10)], [None, None]])
    assert count_xlsx_value_rows(workbook) == 11
    precheck(workbook, "t.xlsx", limits=UploadLimits(max_rows=10))
    with pytest.raises(TableFileError) as caught:
        precheck(workbook, "t.xlsx", limits=UploadLimits(max_rows=9))
    assert caught.value.row == 11


def test_the_caps_are_checked_on_a_file_kept_on_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.csv"
    path.write_bytes(b"a\n" + b"1\n" * 600_000)
    with pytest.raises(UploadRefused):
        check_upload(path, "big.csv", UploadLimits(max_bytes=MB))
    book = tmp_path / "b.xlsx"
    book.write_bytes(xlsx([["a"], [1]]))
    check_upload(book, "b.xlsx", UploadLimits())
