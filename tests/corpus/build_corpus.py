# ruff: noqa: E501  (case tables read best one per line)
"""Writes the bad-input corpus: every file under tests/corpus/<importer>/ and MANIFEST.json.

Run from the project root: ``.venv/bin/python tests/corpus/build_corpus.py``. The files are committed, so
a reviewer can open each one; this script is how they were made and how to change them. Files too large
to commit (zip bombs, millions of rows) are made at test time by ``generated.py``.

Each case names the quirk it stands for: the defect classes of issue 16 and the habits of Chinese
government data (GB18030, full-width characters, non-detect spellings, units, dates, Excel's ways).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent
CASES: list[dict[str, Any]] = []

USCC = "9144030071526726XG"  # a valid unified social credit code (the import template's example)
USCC_2 = "91210211MA0XUE1234"  # check character recomputed below


def _uscc(body17: str) -> str:
    import sys

    sys.path.insert(0, str(ROOT.parents[1] / "src"))
    from npgov.science.identifiers import uscc_check_character

    return body17 + uscc_check_character(body17)


def case(importer: str, name: str, data: bytes, expect: str, why: str, **check: Any) -> None:
    folder = ROOT / importer
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    CASES.append({"importer": importer, "file": f"{importer}/{name}", "expect": expect, "why": why, **check})


def csv(text: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return text.replace("\n", newline).encode(encoding)


def xlsx(rows: list[list[Any]], *, sheet: str = "Sheet1", merge: str = "", extra_sheets: Any = ()) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    for title, extra in extra_sheets:
        other = book.create_sheet(title)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- enterprises: the generic ModelForm importer --------------------------------------------------
def enterprises() -> None:
    second = _uscc("91210211MA0XUE123")
    third = _uscc("91210211MA0XUE124")
    head = "统一社会信用代码,名称,行政区,行业,状态,重点排污单位,纬度,经度\n"
    good = f"{USCC},大连示例化工有限公司,210211,2614,operating,否,38.99,121.61\n"
    case("enterprises", "ok_utf8.csv", csv(head + good), "ok", "a valid file, UTF-8 without BOM", rows=1)
    case("enterprises", "ok_utf8_bom.csv", b"\xef\xbb\xbf" + csv(head + good), "ok", "UTF-8 with BOM (Excel's CSV UTF-8)", rows=1)
    case("enterprises", "ok_gb18030.csv", csv(head + good, "gb18030"), "ok", "GB18030, what Chinese Excel saves as CSV", rows=1)
    case("enterprises", "ok_cr_only.csv", csv(head + good, newline="\r"), "ok", "classic Mac line endings (CR only)", rows=1)
    case("enterprises", "ok_crlf.csv", csv(head + good, newline="\r\n"), "ok", "Windows line endings", rows=1)
    case("enterprises", "ok_trailing_empty_rows.csv", csv(head + good + ",,,,,,,\n" * 5), "ok",
         "Excel 'save as CSV' leaves rows of empty cells after the data", rows=1)
    case("enterprises", "ok_semicolon.csv", csv(head.replace(",", ";") + good.replace(",", ";")), "ok",
         "semicolon-separated (European Excel)", rows=1)
    case("enterprises", "ok_fullwidth_spaces.csv", csv(head + good.replace("大连示例化工有限公司", "\u3000大连示例化工有限公司\u3000")),
         "ok", "ideographic spaces around a name", rows=1)
    case("enterprises", "yes_no_chinese_no.csv", csv(head + good), "ok", "重点排污单位=否 is no",
         rows=1, field={"model": "enterprises.Enterprise", "lookup": {"uscc": USCC}, "key_discharge_unit": False})
    for word, label in (("不是", "bushi"), ("no", "no"), ("N", "n"), ("0", "zero")):
        case("enterprises", f"yes_no_{label}.csv", csv(head + good.replace(",否,", f",{word},")), "ok",
             f"重点排污单位={word} is no", rows=1,
             field={"model": "enterprises.Enterprise", "lookup": {"uscc": USCC}, "key_discharge_unit": False})
    case("enterprises", "yes_no_shi.csv", csv(head + good.replace(",否,", ",是,")), "ok", "重点排污单位=是 is yes", rows=1,
         field={"model": "enterprises.Enterprise", "lookup": {"uscc": USCC}, "key_discharge_unit": True})
    case("enterprises", "yes_no_unknown_word.csv", csv(head + good.replace(",否,", ",也许,")), "error",
         "a yes/no cell that is neither", row=2, column="重点排污单位")
    case("enterprises", "bad_uscc_check_character.csv", csv(head + good.replace(USCC, USCC[:-1] + "Y")), "error",
         "a USCC with a wrong check character", row=2, column="统一社会信用代码")
    case("enterprises", "latitude_inf.csv", csv(head + good.replace("38.99", "inf")), "error",
         "infinity typed as a number", row=2, column="纬度")
    case("enterprises", "latitude_nan.csv", csv(head + good.replace("38.99", "NaN")), "error", "NaN", row=2, column="纬度")
    case("enterprises", "latitude_1e400.csv", csv(head + good.replace("38.99", "1e400")), "error",
         "a number that overflows", row=2, column="纬度")
    case("enterprises", "latitude_out_of_range.csv", csv(head + good.replace("38.99", "91")), "error",
         "a latitude beyond 90°", row=2, column="纬度")
    case("enterprises", "latitude_decimal_comma.csv", csv(head + good.replace("38.99", '"38,99"')), "error",
         "a decimal comma", row=2, column="纬度")
    case("enterprises", "duplicate_key_rows.csv", csv(head + good + good), "error", "the same USCC twice in one file", row=3)
    case("enterprises", "header_on_row_3.csv", csv("企业名录\n（2025年）\n" + head + good), "error",
         "a title above the column titles", row=1)
    case("enterprises", "unknown_column.csv", csv(head.replace("\n", ",备注X\n") + good.replace("\n", ",x\n")), "error",
         "a column the importer does not know", row=1, column="备注X")
    case("enterprises", "duplicate_column_title.csv",
         csv(head.replace("\n", ",名称\n") + good.replace("\n", ",另一个名称\n")), "error", "two columns with one title", row=1)
    case("enterprises", "missing_required_column.csv", csv("统一社会信用代码,行政区,行业\n" + f"{USCC},210211,2614\n"), "error",
         "the name column is missing", row=1, column="名称")
    case("enterprises", "empty_file.csv", b"", "error", "zero bytes", row=0)
    case("enterprises", "header_only.csv", csv(head), "error", "titles but no data", row=0)
    case("enterprises", "binary_garbage.csv", bytes(range(256)) * 40, "error", "bytes that are no text")
    case("enterprises", "stray_quote.csv", csv(head + good.replace("大连示例", '"大连示例') + good.replace(USCC, second) * 2000),
         "error", "one unclosed quote mark swallows the rest of the file")
    case("enterprises", "long_text.csv", csv(head + good.replace("大连示例化工有限公司", "长" * 5000)), "error",
         "a name longer than its field", row=2, column="名称")
    case("enterprises", "unknown_district.csv", csv(head + good.replace(",210211,", ",999999,")), "error",
         "a district code that does not exist", row=2, column="行政区")
    case("enterprises", "formula_injection.csv",
         csv(head + good.replace("大连示例化工有限公司", '"=HYPERLINK(""http://x"",""点我"")"')), "ok",
         "a formula in a name is stored as text (exports escape it)", rows=1)
    case("enterprises", "two_rows_ok.csv", csv(head + good + good.replace(USCC, second).replace("大连示例", "大连另一")
                                             + good.replace(USCC, third).replace("大连示例", "大连第三")), "ok",
         "three valid rows", rows=3)
    rows = [head.strip().split(","), good.strip().split(",")]
    case("enterprises", "ok.xlsx", xlsx(rows), "ok", "the same as Excel", rows=1)
    numeric = [rows[0], [USCC, "大连示例化工有限公司", 210211, 2614, "operating", "否", 38.99, 121.61]]
    case("enterprises", "ok_numeric_cells.xlsx", xlsx(numeric), "ok", "codes and coordinates typed as numbers in Excel", rows=1)
    merged = [rows[0], rows[1], [second, None, "210211", "2614", "operating", "否", "38.99", "121.61"]]
    case("enterprises", "merged_cells.xlsx", xlsx(merged, merge="B2:B3"), "error",
         "a name merged over two rows: the second row has none", row=3, column="名称")
    formula = [rows[0], [USCC, "=CONCATENATE(\"大连\",\"示例\")", "210211", "2614", "operating", "否", "38.99", "121.61"]]
    case("enterprises", "formula_without_cached_value.xlsx", xlsx(formula), "error",
         "a formula cell saved without its value reads empty", row=2, column="名称")
    case("enterprises", "not_a_zip.xlsx", csv(head + good), "error", "a CSV renamed to .xlsx")
    case("enterprises", "truncated.xlsx", xlsx(rows)[:700], "error", "a workbook cut off in transfer")
    case("enterprises", "wrong_type.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "error", "a file type no importer reads")
    case("enterprises", "empty_sheet.xlsx", xlsx([]), "error", "a workbook with an empty sheet", row=0)


# --- monitoring results ---------------------------------------------------------------------------
MON_HEAD = "站点编码,采样时间,物质,测定值,单位,检出限,定量限\n"


def mon_row(value: str = "1.5", unit: str = "ng/L", lod: str = "0.1", loq: str = "0.3", *, site: str = "DL-DW-01",
            when: str = "2025-06-18 09:30", substance: str = "1763-23-1") -> str:  # fmt: skip
    return f"{site},{when},{substance},{value},{unit},{lod},{loq}\n"


def monitoring() -> None:
    c = "monitoring"
    case(c, "ok_long.csv", csv(MON_HEAD + mon_row() + mon_row("ND", substance="335-67-1")), "ok", "a valid long file", rows=2)
    case(c, "ok_long_gb18030.csv", csv(MON_HEAD + mon_row(), "gb18030"), "ok", "GB18030", rows=1)
    case(c, "ok_cr_only.csv", csv(MON_HEAD + mon_row(), newline="\r"), "ok", "CR-only line endings", rows=1)
    case(c, "ok_trailing_empty_rows.csv", csv(MON_HEAD + mon_row() + ",,,,,,\n" * 4), "ok", "Excel's empty trailing rows", rows=1)
    case(c, "ok_fullwidth_number.csv", csv(MON_HEAD + mon_row("１．５")), "ok", "full-width digits and point", rows=1)
    case(c, "ok_nondetect_spellings.csv",
         csv(MON_HEAD + mon_row("ND") + mon_row("<0.1", substance="335-67-1") + mon_row("0.1L", substance="355-46-4")
             + mon_row("未检出", substance="375-73-5")), "ok", "ND, <LOD, 0.1L and 未检出 are non-detects", rows=4)
    case(c, "ok_ug_per_litre.csv", csv(MON_HEAD + mon_row("0.0015", unit="µg/L", lod="0.0001", loq="0.0003")), "ok",
         "µg/L converted to ng/L", rows=1)
    case(c, "value_1e308_ug_per_litre.csv", csv(MON_HEAD + mon_row("1e308", unit="µg/L")), "error",
         "finite as typed, infinite after conversion to ng/L", row=2, column="测定值")
    case(c, "value_1e400.csv", csv(MON_HEAD + mon_row("1e400")), "error", "overflows as typed", row=2, column="测定值")
    case(c, "value_inf.csv", csv(MON_HEAD + mon_row("inf")), "error", "infinity", row=2, column="测定值")
    case(c, "value_nan.csv", csv(MON_HEAD + mon_row("nan")), "error", "NaN", row=2, column="测定值")
    case(c, "value_negative.csv", csv(MON_HEAD + mon_row("-1.5")), "error", "a negative concentration", row=2, column="测定值")
    case(c, "value_decimal_comma.csv", csv(MON_HEAD + mon_row('"1,5"')), "error", "a decimal comma", row=2, column="测定值")
    case(c, "value_less_than_zero.csv", csv(MON_HEAD + mon_row("<0")), "error", "a non-detect with a limit of 0", row=2)
    case(c, "value_zero_L.csv", csv(MON_HEAD + mon_row("0L")), "error", "0L: a non-detect with a limit of 0", row=2)
    case(c, "lod_inf.csv", csv(MON_HEAD + mon_row(lod="inf")), "error", "an infinite detection limit", row=2, column="检出限")
    case(c, "unit_radian_sediment.csv", csv(MON_HEAD + mon_row(unit="radian", site="DL-SD-01")), "error",
         "an angle is not a concentration", row=2, column="单位")
    case(c, "unit_dimensionless_sediment.csv", csv(MON_HEAD + mon_row(unit="dimensionless", site="DL-SD-01")), "error",
         "a pure number is not a concentration", row=2, column="单位")
    case(c, "unit_mass_for_water.csv", csv(MON_HEAD + mon_row(unit="mg/kg")), "error",
         "a solid's unit for a water sample", row=2, column="单位")
    case(c, "unknown_site.csv", csv(MON_HEAD + mon_row(site="XX-99")), "error", "a site code that does not exist", row=2,
         column="站点编码")
    case(c, "future_date.csv", csv(MON_HEAD + mon_row(when="2099-01-01 08:00")), "error", "a sample taken in the future",
         row=2, column="采样时间")
    case(c, "bad_date.csv", csv(MON_HEAD + mon_row(when="2025-13-45")), "error", "a date that does not exist", row=2,
         column="采样时间")
    case(c, "stray_quote.csv", csv(MON_HEAD + mon_row().replace("DL-DW-01", '"DL-DW-01') + mon_row() * 5000), "error",
         "one unclosed quote mark")
    wide_head = "站点编码,采样时间,单位,PFOS (1763-23-1),PFOA (335-67-1)\n"
    case(c, "ok_wide.csv", csv(wide_head + "检出限,,,0.01,0.01\nDL-DW-01,2025-06-18 09:30,µg/L,0.015,ND\n"), "ok",
         "a valid wide file", rows=1)
    for bad in ("inf", "nan", "1e308"):
        case(c, f"wide_limit_{bad}.csv", csv(wide_head + f"检出限,,,{bad},0.01\nDL-DW-01,2025-06-18 09:30,µg/L,0.015,ND\n"),
             "error", f"the limit row holds {bad}", row=2)
    case(c, "wide_duplicate_analyte.csv",
         csv("站点编码,采样时间,单位,PFOS (1763-23-1),全氟辛基磺酸 (1763-23-1)\nDL-DW-01,2025-06-18 09:30,µg/L,0.015,0.016\n"),
         "error", "one analyte in two columns", row=1)
    case(c, "header_only.csv", csv(MON_HEAD), "error", "no data rows", row=0)
    case(c, "ok.xlsx", xlsx([MON_HEAD.strip().split(","), mon_row().strip().split(",")]), "ok", "Excel", rows=1)
    dated = [MON_HEAD.strip().split(","), ["DL-DW-01", "2025-06-18 07:30", "1763-23-1", 1.5, "ng/L", 0.1, 0.3]]
    case(c, "ok_numbers_as_numbers.xlsx", xlsx(dated), "ok", "numeric cells in Excel", rows=1)


# --- the survey upload -----------------------------------------------------------------------------
SURVEY_HEAD = ["CAS号或物质名称", "活动类型", "年用量（吨/年）", "用途", "排入大气（千克/年）", "排入水体（千克/年）",
               "排入土壤（千克/年）", "转移量（千克/年）", "生产工艺（详细信息）", "废物处置（详细信息）",
               "已采取的管控措施（重点管控信息）", "所依据的豁免用途（公约履约信息）"]  # fmt: skip
SURVEY_ROW = ["75-09-2", "加工使用", "12.5", "清洗剂", "300", "0", "0", "0", "清洗", "危废处置", "密闭操作", ""]


def survey_row(**changes: Any) -> list[Any]:
    row = list(SURVEY_ROW)
    for index, value in changes.items():
        row[int(index[1:])] = value
    return row


def survey() -> None:
    c, sheet = "survey", "化学物质信息"
    book = lambda *rows, **kw: xlsx([SURVEY_HEAD, *rows], sheet=sheet, **kw)  # noqa: E731
    case(c, "ok.xlsx", book(SURVEY_ROW), "ok", "a valid line", rows=1)
    case(c, "ok_thousands_separator.xlsx", book(survey_row(c2="1,234.5")), "ok", "1,234.5 t with a thousands separator",
         rows=1, quantity="1234.5")
    case(c, "ok_fullwidth_quantity.xlsx", book(survey_row(c2="１２．５")), "ok", "full-width digits", rows=1, quantity="12.5")
    case(c, "ok_excel_number.xlsx", book(survey_row(c2=12.5)), "ok", "the quantity as an Excel number", rows=1,
         quantity="12.5")
    case(c, "ok.csv", csv(",".join(SURVEY_HEAD) + "\n" + ",".join(SURVEY_ROW) + "\n", "gb18030"), "ok",
         "the lines as a GB18030 CSV", rows=1)
    case(c, "duplicate_lines.xlsx", book(SURVEY_ROW, survey_row(c2="3"), survey_row(c2="7")), "error",
         "one substance and activity on three lines (12.5 + 3 + 7 t): never keep only the last", row=3)
    case(c, "decimal_comma_tonnes.xlsx", book(survey_row(c2="12,5")), "error", "12,5 t: a decimal comma, not 125",
         row=2, column="年用量（吨/年）")
    case(c, "decimal_comma_kilograms.xlsx", book(survey_row(c4="1,5")), "error", "1,5 kg: not 15 kg", row=2,
         column="排入大气（千克/年）")
    case(c, "empty_quantity.xlsx", book(survey_row(c2="")), "error", "an empty required quantity is not 0", row=2,
         column="年用量（吨/年）")
    dup_head = [*SURVEY_HEAD[:3], "年用量（吨/年）", *SURVEY_HEAD[3:]]
    case(c, "duplicate_column_title.xlsx", xlsx([dup_head, [*SURVEY_ROW[:3], "99", *SURVEY_ROW[3:]]], sheet=sheet),
         "error", "two columns titled 年用量", row=1)
    case(c, "excess_decimals.xlsx", book(survey_row(c2=12.123456789)), "error",
         "an Excel float with more decimals than stored", row=2, column="年用量（吨/年）")
    case(c, "long_text.xlsx", book(survey_row(c3="清洗" * 3000)), "error", "a use longer than its field", row=2, column="用途")
    case(c, "negative_quantity.xlsx", book(survey_row(c2="-3")), "error", "a negative quantity", row=2,
         column="年用量（吨/年）")
    case(c, "quantity_inf.xlsx", book(survey_row(c2="inf")), "error", "infinity", row=2, column="年用量（吨/年）")
    case(c, "quantity_1e400.xlsx", book(survey_row(c2="1e400")), "error", "overflow", row=2, column="年用量（吨/年）")
    case(c, "quantity_words.xlsx", book(survey_row(c2="约十吨")), "error", "a quantity in words", row=2,
         column="年用量（吨/年）")
    case(c, "unknown_substance.xlsx", book(survey_row(c0="某种未知物质")), "error", "a substance nobody knows", row=2,
         column="CAS号或物质名称")


# --- product test results ---------------------------------------------------------------------------
PRODUCT_HEAD = "样品编号,物质,数值,单位,指标类型\n"


def products() -> None:
    c = "products"
    row = "DL-CP-CORPUS-1,117-81-7,{v},%,含量\n"
    case(c, "ok.csv", csv(PRODUCT_HEAD + row.format(v="0.08")), "ok", "a valid result", rows=1)
    case(c, "value_1e400.csv", csv(PRODUCT_HEAD + row.format(v="1e400")), "error", "overflow would fail the sample",
         row=2, column="数值")
    case(c, "value_inf.csv", csv(PRODUCT_HEAD + row.format(v="inf")), "error", "infinity", row=2, column="数值")
    case(c, "value_decimal_comma.csv", csv(PRODUCT_HEAD + row.format(v='"0,08"')), "error", "decimal comma", row=2,
         column="数值")
    case(c, "value_negative.csv", csv(PRODUCT_HEAD + row.format(v="-0.08")), "error", "negative", row=2, column="数值")
    case(c, "result_too_long.csv", csv(PRODUCT_HEAD + row.format(v="0." + "1" * 60)), "error",
         "a result longer than 40 characters", row=2, column="数值")
    case(c, "unknown_sample.csv", csv(PRODUCT_HEAD + "NO-SUCH-SAMPLE,117-81-7,0.08,%,含量\n"), "error",
         "a sample code that does not exist", row=2, column="样品编号")


# --- batch classification (screening an inventory) -----------------------------------------------
def screening() -> None:
    c = "screening"
    case(c, "ok.csv", csv("CAS号,名称\n1763-23-1,全氟辛基磺酸\n75-09-2,二氯甲烷\n"), "ok", "a CAS list", rows=2)
    case(c, "ok_gb18030.csv", csv("CAS号,名称\n1763-23-1,全氟辛基磺酸\n", "gb18030"), "ok", "GB18030", rows=1)
    case(c, "ok_fullwidth_cas.csv", csv("CAS号\n１７６３－２３－１\n"), "ok", "a full-width CAS RN", rows=1)
    case(c, "ok_smiles.csv", csv("SMILES\nClCCl\nc1ccccc1\n"), "ok", "structures", rows=2)
    case(c, "no_known_column.csv", csv("编号,备注\n1,x\n"), "error", "no CAS, name or SMILES column", row=1)
    case(c, "stray_quote.csv", csv('CAS号\n"1763-23-1\n' + "75-09-2\n" * 3000), "error", "an unclosed quote")


# --- generic reference imports --------------------------------------------------------------------
def references() -> None:
    pnec_head = "物质,环境介质,数值,单位,来源类型,来源,已核实\n"
    pnec = "1763-23-1,freshwater,{v},{u},EU AA-EQS,2013/39/EU,{ok}\n"
    case("pnecs", "ok.csv", csv(pnec_head + pnec.format(v="0.65", u="ng/L", ok="是")), "ok", "a PNEC", rows=1)
    case("pnecs", "value_1e308_mg_per_litre.csv", csv(pnec_head + pnec.format(v="1e308", u="mg/L", ok="是")), "error",
         "finite as typed, infinite in ng/L", row=2)
    case("pnecs", "verified_no.csv", csv(pnec_head + pnec.format(v="0.65", u="ng/L", ok="否")), "ok",
         "已核实=否 must not mark it verified", rows=1,
         field={"model": "risk.Pnec", "lookup": {"substance__cas": "1763-23-1", "value": 0.65}, "verified": False})
    case("pnecs", "verified_unknown.csv", csv(pnec_head + pnec.format(v="0.65", u="ng/L", ok="待定")), "error",
         "已核实=待定 is neither", row=2, column="已核实")
    case("pnecs", "value_zero.csv", csv(pnec_head + pnec.format(v="0", u="ng/L", ok="是")), "error", "a PNEC of zero",
         row=2, column="数值")
    sub_head = "CAS 号,中文名称,英文名称,已核实\n"
    case("substances", "ok_fullwidth_cas.csv", csv(sub_head + "７９－０１－６,三氯乙烯,trichloroethylene,是\n"), "ok",
         "a full-width CAS RN is read as its half-width form", rows=1)
    case("substances", "bad_cas_check_digit.csv", csv(sub_head + "79-01-7,三氯乙烯,trichloroethylene,是\n"), "error",
         "a CAS RN with a wrong check digit", row=2, column="CAS 号")
    case("substances", "verified_no.csv", csv(sub_head + "79-01-6,三氯乙烯,trichloroethylene,否\n"), "ok",
         "已核实=否", rows=1, field={"model": "substances.Substance", "lookup": {"cas": "79-01-6"}, "verified": False})
    site_head = "点位编码,名称,点位类型,行政区,纬度,经度,启用\n"
    case("sites", "ok_codes.csv", csv(site_head + "DL-CORPUS-01,语料测试点位,drinking_water,210211,38.99,121.61,是\n"),
         "ok", "a site by its district code", rows=1)
    case("sites", "active_no.csv", csv(site_head + "DL-CORPUS-02,语料测试点位二,drinking_water,210211,38.99,121.61,否\n"),
         "ok", "启用=否", rows=1, field={"model": "monitoring.Site", "lookup": {"code": "DL-CORPUS-02"}, "active": False})
    case("sites", "latitude_out_of_range.csv",
         csv(site_head + "DL-CORPUS-03,语料测试点位三,drinking_water,210211,390,121.61,是\n"), "error",
         "latitude 390", row=2, column="纬度")


# --- attachments (inspection records, work-plan evidence) -----------------------------------------
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def attachments() -> None:
    c = "attachments"
    case(c, "ok.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "ok", "a PDF")
    case(c, "ok.png", PNG_1PX, "ok", "a PNG")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    case(c, "ok.docx", docx.getvalue(), "ok", "a Word document")
    case(c, "page.html", b"<!doctype html><script>alert(document.cookie)</script>", "error", "HTML runs script")
    case(c, "image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "error", "SVG runs script")
    case(c, "html_as.pdf", b"<html><body onload=alert(1)>", "error", "HTML named .pdf")
    case(c, "polyglot.png", PNG_1PX + b"<html><script>alert(1)</script></html>", "error",
         "a PNG with HTML appended (a polyglot)")
    case(c, "program.pdf", b"MZ\x90\x00" + b"\x00" * 100, "error", "a Windows program named .pdf")


def main() -> None:
    enterprises()
    monitoring()
    survey()
    products()
    screening()
    references()
    attachments()
    (ROOT / "MANIFEST.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(CASES)} files")


if __name__ == "__main__":
    main()
