"""Issue #16: bad cells and bad files in a results import — each a row and column error, never a stored
infinity, a limit of zero, a 500 or a parser that runs for minutes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import Workbook

from npgov.monitoring.models import Result
from npgov.monitoring.reading import ImportFileError
from npgov.science.units import UnitError, conversion
from tests.monitoring.conftest import HEADER, counts, import_file, long_file, write

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def errors_at(report) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in report.errors}


def one_row(value: str = "1.5", unit: str = "ng/L", lod: str = "0.1", loq: str = "0.3") -> str:
    return HEADER + f"DL-DW-01,2025-06-18 09:30,1763-23-1,{value},{unit},{lod},{loq},市监测中心\n"


@pytest.mark.parametrize(
    ("value", "unit", "fragment"),
    [
        ("1e308", "µg/L", "out of range"),  # infinity in ng/L after conversion
        ("1e400", "ng/L", "too large"),  # was stored as "detected" with no value
        ("inf", "ng/L", "not a value"),
        ("nan", "ng/L", "not a value"),
        ('"1,5"', "ng/L", "not a thousands separator"),  # a decimal comma is never guessed
        ("<0", "ng/L", "greater than zero"),  # was a non-detect with a limit of 0
        ("0L", "ng/L", "greater than zero"),
        ("<1e400", "ng/L", "too large"),
        ("2e9", "mg/L", "out of range"),  # 2e15 ng/L: over the declared maximum
        ('"   "', "ng/L", "Required"),  # spaces only: not a value
    ],
)
def test_bad_values_are_row_and_column_errors(tmp_path: Path, sites: dict, labs: dict, value, unit, fragment) -> None:
    report = import_file(long_file(tmp_path, one_row(value=value, unit=unit)))
    assert not report.committed
    found = errors_at(report)
    assert list(found) == [(2, "测定值")], found
    assert fragment in found[(2, "测定值")], found
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("lod", "loq", "column", "fragment"),
    [
        ("inf", "0.3", "检出限", "Not a number"),
        ("nan", "0.3", "检出限", "Not a number"),
        ("0.1", "1e400", "定量限", "too large"),
        ("1e308", "1e308", "检出限", "out of range"),
        ("0", "0.3", "检出限", "greater than zero"),
        ('"0,1"', "0.3", "检出限", "not a thousands separator"),
    ],
)
def test_bad_limits_are_row_and_column_errors(tmp_path: Path, sites: dict, labs: dict, lod, loq, column, fragment):
    report = import_file(long_file(tmp_path, one_row(value="ND", unit="µg/L", lod=lod, loq=loq)))
    found = errors_at(report)
    assert (2, column) in found, found
    assert fragment in found[(2, column)]
    assert counts() == (0, 0, 0)


def test_full_width_and_thousands_separated_numbers_are_read_exactly(tmp_path: Path, sites: dict, labs: dict) -> None:
    text = HEADER + "DL-DW-01,2025-06-18 09:30,1763-23-1,１２．５,ng/L,0.1,0.3,市监测中心\n"
    text += 'DL-DW-01,2025-06-18 09:30,335-67-1,"1,234.5",ng/L,0.1,0.3,市监测中心\n'
    report = import_file(long_file(tmp_path, text))
    assert report.ok, report.errors
    values = sorted(Result.objects.values_list("value", flat=True))
    assert values == [12.5, 1234.5]


WIDE_LIMITS = """站点编码,采样日期,单位,PFOS (1763-23-1),全氟辛酸,PFHxS (355-46-4)
检出限,,,{a},{b},{c}
DL-DW-01,2025-07-01,ng/L,ND,ND,ND
"""


@pytest.mark.parametrize(("a", "b", "c"), [("inf", "nan", "1e308"), ("-1", "0", "1e400")])
def test_a_wide_files_limit_row_refuses_what_is_not_a_limit(tmp_path: Path, sites: dict, a, b, c) -> None:
    report = import_file(write(tmp_path, "wide.csv", WIDE_LIMITS.format(a=a, b=b, c=c)))
    found = errors_at(report)
    for column in ("PFOS (1763-23-1)", "全氟辛酸", "PFHxS (355-46-4)"):
        assert (2, column) in found, found
    assert counts() == (0, 0, 0)


def test_the_same_analyte_in_two_wide_columns_is_a_clear_error_even_when_checking(tmp_path: Path, sites: dict):
    text = "站点编码,采样日期,单位,PFOS,1763-23-1\nDL-DW-01,2025-07-01,ng/L,1.2,1.3\n"
    report = import_file(write(tmp_path, "wide.csv", text), commit=False)
    found = errors_at(report)
    assert (1, "1763-23-1") in found and "PFOS" in found[(1, "1763-23-1")], found
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(("unit", "matrix"), [("radian", "sediment"), ("dimensionless", "sediment"),
                                               ("radian", "water"), ("dimensionless", "biota"), ("percent", "soil"),
                                               ("ppm", "sediment"), ("ng", "water"), ("1/L", "water")])  # fmt: skip
def test_only_units_of_the_matrixs_dimension_are_accepted(unit: str, matrix: str) -> None:
    with pytest.raises(UnitError):
        conversion(unit, matrix)


def test_sediment_units_in_a_file(tmp_path: Path, sites: dict) -> None:
    text = HEADER + "DL-SD-01,2025-09-20,1763-23-1,0.84,radian,,,\n"
    text += "DL-SD-01,2025-09-21,1763-23-1,0.84,dimensionless,,,\n"
    report = import_file(long_file(tmp_path, text))
    assert set(errors_at(report)) == {(2, "单位"), (3, "单位")}


# --- files ------------------------------------------------------------------------------------------
def test_a_stray_quote_fails_at_once_naming_its_row(tmp_path: Path, sites: dict, labs: dict) -> None:
    """One stray quote made the block reader rescan the file for every line (quadratic): 412 s of CPU."""
    good = "DL-DW-01,2025-06-18 09:30,1763-23-1,1.5,ng/L,0.1,0.3,市监测中心\n"
    rows = [good.replace("09:30", f"{h:02d}:{m:02d}") for h in range(10) for m in range(60)]
    rows[6] = rows[6].replace("1.5", '"1.5')  # row 8 of the file
    filler = "DL-SE-03,2025-09-18,80-05-7,NA,ng/L,,,\n" * 40_000  # 1.5 MB after the quote
    path = long_file(tmp_path, HEADER + "".join(rows) + filler)
    with pytest.raises(ImportFileError, match="Row 8") as caught:
        import_file(path)
    assert "quotation mark" in str(caught.value)
    assert counts() == (0, 0, 0)


def test_a_quote_left_open_at_the_end_names_its_row(tmp_path: Path, sites: dict, labs: dict) -> None:
    path = long_file(tmp_path, one_row() + 'DL-DW-01,2025-06-19,1763-23-1,"1.5,ng/L,0.1,0.3,市监测中心\n')
    with pytest.raises(ImportFileError, match="Row 3"):
        import_file(path)


def test_cr_only_line_ends_are_read(tmp_path: Path, sites: dict, labs: dict) -> None:
    text = (one_row() + "DL-DW-01,2025-06-19,1763-23-1,2.5,ng/L,0.1,0.3,市监测中心\n").replace("\n", "\r")
    report = import_file(long_file(tmp_path, text))
    assert report.ok, report.errors
    assert report.results == 2


def test_cr_only_gb18030_is_read(tmp_path: Path, sites: dict, labs: dict) -> None:
    report = import_file(long_file(tmp_path, one_row().replace("\n", "\r"), encoding="gb18030"))
    assert report.ok, report.errors


def test_excel_save_as_csv_trailing_empty_rows_do_not_fail_a_valid_file(tmp_path: Path, sites: dict, labs: dict):
    report = import_file(long_file(tmp_path, one_row() + ",,,,,,,\n" * 5 + "   ,,, ,,,,\r\n"))
    assert report.ok, report.errors
    assert report.results == 1


def test_the_files_in_the_folder(sites: dict, labs: dict) -> None:
    """The small bad files kept for this importer (the shared corpus is tests/corpus/)."""
    expectations = {
        "stray-quote.csv": "quotation mark",
        "duplicate-analyte-wide.csv": None,
        "infinite-values.csv": None,
    }
    for name, message in expectations.items():
        path = FILES / name
        if message:
            with pytest.raises(ImportFileError, match=message):
                import_file(path)
        else:
            assert not import_file(path).ok
    assert counts() == (0, 0, 0)


def test_row_caps_refuse_a_file_with_too_many_rows(tmp_path: Path, sites: dict, monkeypatch) -> None:
    from npgov.core.uploads import UploadLimits
    from npgov.monitoring import importers

    monkeypatch.setattr(importers, "LIMITS", UploadLimits(max_rows=5))
    text = HEADER + "DL-SE-03,2025-09-18,80-05-7,NA,ng/L,,,\n" * 10
    with pytest.raises(ImportFileError, match="rows"):
        import_file(long_file(tmp_path, text))


def test_an_excel_file_with_a_non_finite_cell(tmp_path: Path, sites: dict, labs: dict) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["DL-DW-01", "2025-06-18 09:30", "1763-23-1", 1e308, "µg/L", 0.1, 0.3, "市监测中心"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    report = import_file(path)
    assert (2, "测定值") in errors_at(report)
    assert counts() == (0, 0, 0)
    assert not any(v is not None and not math.isfinite(v) for v in Result.objects.values_list("value", flat=True))
