"""The results importer: formats, encodings, non-detects, units, and every bad path leaving nothing behind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from npgov.monitoring import reading
from npgov.monitoring.fields import check_mapping, guess_mapping
from npgov.monitoring.models import Result, Sample, Site
from npgov.monitoring.reading import ImportFileError
from npgov.substances.models import Substance
from tests.monitoring.conftest import HEADER, counts, import_file, long_file, write

pytestmark = pytest.mark.django_db


def result_of(site: str, cas: str, when: str | None = None) -> Result:
    results = Result.objects.filter(site__code=site, substance__cas=cas)
    if when:
        results = results.filter(sampled_at__date=when)
    return results.get()


def test_a_long_file_is_stored_as_reported_and_normalised(tmp_path: Path, sites: dict, labs: dict) -> None:
    report = import_file(long_file(tmp_path))
    assert report.ok, report.errors
    assert (report.rows, report.results, report.samples_created, report.censored) == (7, 7, 4, 3)
    assert report.committed and report.batch_id
    assert counts() == (7, 4, 1)

    detected = result_of("DL-DW-01", "1763-23-1", "2025-06-18")
    assert (detected.qualifier, detected.value, detected.lod, detected.loq) == ("detected", 1.5, 0.1, 0.3)
    # Beijing time 09:30 is 01:30 UTC
    assert detected.sampled_at == datetime(2025, 6, 18, 1, 30, tzinfo=UTC)
    assert detected.sample.lab.name == "市监测中心"

    nd = result_of("DL-DW-01", "335-67-1")
    assert (nd.value_reported, nd.qualifier, nd.value) == ("ND", "lt_lod", 0.1)  # censored at the LOD
    below_loq = result_of("DL-DW-01", "355-46-4")  # resolved from its Chinese name
    assert (below_loq.qualifier, below_loq.value) == ("lt_loq", 0.3)  # "<0.3" with LOQ 0.3
    suffix_l = result_of("DL-DW-01", "375-73-5")
    assert (suffix_l.qualifier, suffix_l.value) == ("lt_lod", 0.2)  # "0.2L": below the limit 0.2

    micrograms = result_of("DL-DW-01", "1763-23-1", "2025-09-18")
    assert (micrograms.value_reported, micrograms.unit_reported) == ("0.002", "µg/L")
    assert micrograms.value == pytest.approx(2.0) and micrograms.lod == pytest.approx(0.1)

    not_analysed = result_of("DL-SE-03", "80-05-7")
    assert (not_analysed.qualifier, not_analysed.value) == ("not_analysed", None)
    sediment = result_of("DL-SD-01", "1763-23-1")
    assert (sediment.matrix, sediment.value, sediment.canonical_unit) == ("sediment", 0.84, "ng/g dw")


WIDE = """站点编码,采样日期,单位,实验室,PFOS (1763-23-1),全氟辛酸
检出限,,,,0.01,0.02
DL-DW-01,2025-07-01,µg/L,市监测中心,ND,<0.02
DL-DW-01,2025-08-01,µg/L,市监测中心,0.05,
DL-SE-03,2025-08-01 10:00,µg/L,市监测中心,0.031,0.5
"""


def test_a_wide_gb18030_file_with_a_limit_row(tmp_path: Path, sites: dict, labs: dict) -> None:
    report = import_file(write(tmp_path, "wide.csv", WIDE, "gb18030"))
    assert report.ok, report.errors
    assert report.format == "wide"
    assert (report.rows, report.results, report.censored) == (3, 5, 2)  # the empty cell is not a result
    nd = result_of("DL-DW-01", "1763-23-1", "2025-07-01")
    assert (nd.qualifier, nd.value, nd.lod) == ("lt_lod", pytest.approx(10.0), pytest.approx(10.0))  # 0.01 µg/L
    below = result_of("DL-DW-01", "335-67-1", "2025-07-01")
    assert (below.value_reported, below.qualifier, below.value) == ("<0.02", "lt_lod", pytest.approx(20.0))
    assert result_of("DL-SE-03", "335-67-1").value == pytest.approx(500.0)


def test_an_excel_wide_file(tmp_path: Path, sites: dict, labs: dict) -> None:
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["instructions"])
    sheet = book.create_sheet("数据")
    sheet.append(["站点编码", "采样时间", "单位", "PFOS (1763-23-1)", "PFOA (335-67-1)"])
    sheet.append(["检出限", None, None, 0.1, 0.1])
    sheet.append(["DL-DW-01", datetime(2025, 6, 18, 9, 30), "ng/L", 1.25, "ND"])
    sheet.append(["DL-SE-03", datetime(2025, 6, 19), "ng/L", "<0.5", 3])
    path = tmp_path / "lab-report.xlsx"
    book.save(path)
    report = import_file(path)
    assert report.ok, report.errors
    assert (report.results, report.censored) == (4, 2)
    assert result_of("DL-DW-01", "1763-23-1").value == 1.25


def test_mapping_is_guessed_from_titles_in_either_language() -> None:
    mapping = guess_mapping(["site_code", "Sampling date", "CAS号", "测定值", "unit", "LOD", "备注", "extra"])
    assert mapping == {"site_code": "site", "Sampling date": "sampled_at", "CAS号": "substance", "测定值": "value",
                       "unit": "unit", "LOD": "lod", "备注": "qa_flags", "extra": ""}  # fmt: skip
    wide = guess_mapping(["站点编码", "采样时间", "单位", "PFOS", "PFOA"])
    assert wide["PFOS"] == wide["PFOA"] == "analyte"
    assert check_mapping({"a": "site", "b": "site"})  # the same field twice
    assert any("required" in p for p in check_mapping({"a": "site", "b": "value"}))


BROKEN = """站点编码,采样时间,物质,测定值,单位,检出限,定量限
DL-DW-01,2025-06-18,1763-23-1,1.5,ng/L,0.1,0.3
DL-XX-99,2025-06-18,1763-23-1,1.5,ng/L,0.1,0.3
DL-DW-01,2025-06-18,1763-23-2,1.5,ng/L,0.1,0.3
DL-DW-01,2025-06-18,不存在的物质,1.5,ng/L,0.1,0.3
DL-DW-01,2099-01-01,335-67-1,1.5,ng/L,0.1,0.3
DL-DW-01,18/06/2025,335-67-1,1.5,ng/L,0.1,0.3
DL-DW-01,2025-06-18,335-67-1,-2,ng/L,0.1,0.3
DL-DW-01,2025-06-18,355-46-4,abc,ng/L,0.1,0.3
DL-DW-01,2025-06-18,375-73-5,1.5,ppb,0.1,0.3
DL-DW-01,2025-06-18,307-24-4,1.5,ng/L,0.5,0.3
DL-DW-01,2025-06-18,375-95-1,ND,ng/L,,
DL-DW-01,2025-06-18,1763-23-1,1.7,ng/L,0.1,0.3
DL-DW-01,2025-06-18,375-85-9,,ng/L,0.1,0.3
DL-SD-01,2025-06-18,375-85-9,1,ng/L,0.1,0.3
"""

EXPECTED_ERRORS = {
    (3, "站点编码"): "DL-XX-99 is not a monitoring site",
    (4, "物质"): "1763-23-2 is not a valid CAS RN",
    (5, "物质"): "不存在的物质 is not a substance in the registry",
    (6, "采样时间"): "is in the future",
    (7, "采样时间"): "18/06/2025 is not a date",
    (8, "测定值"): "cannot be negative",
    (9, "测定值"): "abc is not a value",
    (10, "单位"): "Unknown unit ppb",
    (11, "检出限"): "LOD cannot exceed the LOQ",
    (12, "测定值"): "needs its detection limit",
    (13, "测定值"): "Duplicate of row 2",
    (14, "测定值"): "Required",
    (15, "单位"): "not a concentration unit for Sediment",
}


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(
    tmp_path: Path, sites: dict, labs: dict
) -> None:
    before = counts()
    report = import_file(long_file(tmp_path, BROKEN))
    assert not report.ok and not report.committed
    found = {(e.row, e.column): e.message for e in report.errors}
    for where, fragment in EXPECTED_ERRORS.items():
        assert where in found, f"no error at row {where[0]} column {where[1]}: {found}"
        assert fragment in found[where], (where, found[where])
    assert report.error_count == len(EXPECTED_ERRORS) == len(found)
    assert counts() == before  # the good first row was not kept either


def test_a_duplicate_of_stored_results_is_refused(tmp_path: Path, sites: dict, labs: dict) -> None:
    assert import_file(long_file(tmp_path)).ok
    before = counts()
    again = HEADER + "DL-DW-01,2025-06-18 09:30,1763-23-1,1.6,ng/L,0.1,0.3,市监测中心\n"
    report = import_file(long_file(tmp_path, again, name="again.csv"))
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [(2, "Already in the database")]
    assert counts() == before


def test_the_same_file_twice_is_refused(tmp_path: Path, sites: dict, labs: dict) -> None:
    path = long_file(tmp_path)
    assert import_file(path).ok
    before = counts()
    report = import_file(path)
    assert not report.ok and "already imported" in report.errors[0].message
    assert counts() == before


def test_a_check_stores_nothing(tmp_path: Path, sites: dict, labs: dict) -> None:
    report = import_file(long_file(tmp_path), commit=False)
    assert report.ok and not report.committed and report.results == 7
    assert counts() == (0, 0, 0)
    assert import_file(long_file(tmp_path)).committed  # and the same file can then be imported


def test_duplicates_are_found_across_batches_of_rows(
    tmp_path: Path, sites: dict, labs: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "BLOCK_BYTES", 80)  # about two rows a batch
    lines = ["站点编码,采样时间,物质,测定值,单位,检出限,定量限"]
    lines += [f"DL-DW-01,2025-06-{day:02d},1763-23-1,1.{day},ng/L,0.1,0.3" for day in range(1, 8)]
    lines.append("DL-DW-01,2025-06-02,1763-23-1,9.9,ng/L,0.1,0.3")  # row 9 repeats row 3, two batches earlier
    progress: list[tuple[int, int]] = []
    report = import_file(long_file(tmp_path, "\n".join(lines) + "\n"), progress=lambda d, t: progress.append((d, t)))
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [(9, "Duplicate of row 3")]
    assert len(progress) >= 4 and progress[-1][0] == 8
    assert counts() == (0, 0, 0)


def test_samples_are_shared_by_the_results_of_one_sampling(tmp_path: Path, sites: dict, labs: dict) -> None:
    import_file(long_file(tmp_path))
    sample = Sample.objects.get(site__code="DL-DW-01", sampled_at__date="2025-06-18")
    assert sample.results.count() == 4
    # a second file adds results to the same sample instead of a new one
    more = HEADER + "DL-DW-01,2025-06-18 09:30,307-24-4,0.9,ng/L,0.1,0.3,市监测中心\n"
    report = import_file(long_file(tmp_path, more, name="more.csv"))
    assert report.ok and report.samples_created == 0
    assert sample.results.count() == 5


def test_a_district_user_cannot_import_and_sites_outside_scope_are_named(
    tmp_path: Path, sites: dict, labs: dict, personas
) -> None:
    report = import_file(long_file(tmp_path), user=personas.district)
    assert not report.ok
    assert "outside your scope" in report.errors[0].message
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("a,a\n1,2\n", "appears twice"),
        ("站点编码,测定值\nDL-DW-01,1\n", "required"),
    ],
)
def test_files_that_cannot_be_imported_at_all(tmp_path: Path, sites: dict, text: str, message: str) -> None:
    path = long_file(tmp_path, text)
    with pytest.raises(ImportFileError, match=message):
        import_file(path)
    assert counts() == (0, 0, 0)


def test_a_file_neither_utf8_nor_gb18030_nor_csv(tmp_path: Path, sites: dict) -> None:
    with pytest.raises(ImportFileError, match="Upload a .csv or .xlsx"):
        import_file(write(tmp_path, "report.pdf", "x"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x81\x30\xff\xfe\xfd" * 10)
    with pytest.raises(ImportFileError, match="neither UTF-8 nor GB18030"):
        import_file(bad)


def test_withdrawing_a_batch_removes_its_results_and_samples(tmp_path: Path, sites: dict, labs: dict, personas) -> None:
    from npgov.core.models import ImportBatch
    from npgov.monitoring.services import batch_withdraw

    report = import_file(long_file(tmp_path))
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch_withdraw(batch=batch, user=personas.bureau) == {"results": 7, "samples": 4}
    assert counts() == (0, 0, 0)
    assert Site.objects.count() == 3 and Substance.objects.filter(cas="1763-23-1").exists()


def test_windows_line_ends_and_quoted_cells_with_newlines(tmp_path: Path, sites: dict, labs: dict) -> None:
    text = (
        "站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室,备注\r\n"
        'DL-DW-01,2025-06-18 09:30,1763-23-1,1.5,ng/L,0.1,0.3,市监测中心,"复测\n结果"\r\n'
        'DL-DW-01,2025-06-18 09:30,335-67-1,"2.5",ng/L,0.1,0.3,"市监测中心",\r\n'
    )
    report = import_file(long_file(tmp_path, text))
    assert report.ok, report.errors
    assert sorted(Result.objects.values_list("value", flat=True)) == [1.5, 2.5]
    assert sorted(Result.objects.values_list("qa_flags", flat=True)) == ["", "复测\n结果"]


def test_a_site_met_again_in_a_later_batch_reuses_its_samples(
    tmp_path: Path, sites: dict, labs: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows sorted by site: a later batch's time span covers samples this import created earlier."""
    monkeypatch.setattr(reading, "BLOCK_BYTES", 200)
    lines = ["站点编码,采样时间,物质,测定值,单位"]
    for site, cas in (("DL-DW-01", "1763-23-1"), ("DL-SE-03", "1763-23-1"), ("DL-DW-01", "335-67-1")):
        lines += [f"{site},2025-06-{day:02d},{cas},1.{day},ng/L" for day in range(1, 10)]
    report = import_file(long_file(tmp_path, "\n".join(lines) + "\n"))
    assert report.ok, report.errors
    assert counts() == (27, 18, 1)  # DL-DW-01's nine samples carry two substances each


@pytest.mark.django_db(transaction=True)
def test_committed_results_are_found_outside_any_transaction(tmp_path: Path, sites: dict, labs: dict) -> None:
    """Imports as the job and the command run them: committed data, looked up on PostgreSQL's side connection."""
    assert import_file(long_file(tmp_path)).committed
    more = HEADER + "DL-DW-01,2025-06-18 09:30,307-24-4,0.9,ng/L,0.1,0.3,市监测中心\n"
    report = import_file(long_file(tmp_path, more, name="more.csv"))
    assert report.ok and report.samples_created == 0  # the stored sample is found and reused
    again = HEADER + "DL-DW-01,2025-06-18 09:30,1763-23-1,1.6,ng/L,0.1,0.3,市监测中心\n"
    refused = import_file(long_file(tmp_path, again, name="again.csv"))
    assert [e.message.split(":")[0] for e in refused.errors] == ["Already in the database"]
    assert counts() == (8, 4, 2)


def test_site_codes_match_whatever_their_case(tmp_path: Path, sites: dict, labs: dict) -> None:
    text = "站点编码,采样时间,物质,测定值,单位\ndl-dw-01,2025-06-18 09:30,1763-23-1,1.5,ng/L\n"
    report = import_file(long_file(tmp_path, text))
    assert report.ok, report.errors
    assert Result.objects.get().matrix == "water"  # the site kind's matrix, found through the resolved site


def test_a_row_with_more_cells_than_titles_is_a_clear_error(tmp_path: Path, sites: dict) -> None:
    text = "站点编码,采样日期,单位,PFOS (1763-23-1)\nDL-DW-01,2025-07-01,ng/L,1,234\n"  # a decimal comma
    with pytest.raises(ImportFileError, match="cannot be read as CSV near row 2"):
        import_file(long_file(tmp_path, text))
    assert counts() == (0, 0, 0)


def test_stored_duplicates_are_reported_after_a_first_error(tmp_path: Path, sites: dict, labs: dict) -> None:
    assert import_file(long_file(tmp_path)).ok
    text = HEADER + (
        "DL-NO-SUCH,2025-06-18 09:30,1763-23-1,1.6,ng/L,0.1,0.3,市监测中心\n"  # row 2: an error first
        "DL-DW-01,2025-06-18 09:30,1763-23-1,1.6,ng/L,0.1,0.3,市监测中心\n"  # row 3: already stored
    )
    report = import_file(long_file(tmp_path, text, name="again.csv"))
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [
        (2, "Site DL-NO-SUCH is not a monitoring site"), (3, "Already in the database")]  # fmt: skip
