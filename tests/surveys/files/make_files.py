"""Writes the bad survey files of this folder (issue 16): ``.venv/bin/python tests/surveys/files/make_files.py``.

Each file is one case of the survey upload's checks; ``tests/surveys/test_upload_exactness.py`` runs them.
"""

import io
import zipfile
from pathlib import Path

import openpyxl

OUT = Path(__file__).parent
HEADER = ["CAS号或物质名称", "活动类型", "年用量（吨/年）", "用途", "排入大气（千克/年）", "排入水体（千克/年）",
          "排入土壤（千克/年）", "转移量（千克/年）", "生产工艺（详细信息）", "废物处置（详细信息）",
          "已采取的管控措施（重点管控信息）", "所依据的豁免用途（公约履约信息）"]
D = ["清洗", "危废处置", "密闭操作", ""]


def csv(name, rows, header=HEADER, encoding="utf-8-sig"):
    import csv as _csv
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    (OUT / name).write_bytes(buf.getvalue().encode(encoding))


def xlsx(name, rows, header=HEADER, extra=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "物质明细"
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if extra:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            for path, content in extra.items():
                dst.writestr(path, content)
        data = out.getvalue()
    (OUT / name).write_bytes(data)


# 1. the same substance and activity three times (12.5 + 3 + 7 t), once by its Chinese name
csv("survey_repeated_line.csv", [
    ["75-09-2", "加工使用", "12.5", "清洗剂", "300", "0", "0", "0", *D],
    ["75-09-2", "加工使用", "3", "清洗剂", "10", "0", "0", "0", *D],
    ["二氯甲烷", "加工使用", "7", "清洗剂", "10", "0", "0", "0", *D],
])
# 2. decimal commas: 12,5 t and 1,5 kg
csv("survey_decimal_comma.csv", [
    ["75-09-2", "加工使用", "12,5", "清洗剂", "1,5", "0", "0", "0", *D],
])
# 3. an empty required quantity (and one of spaces, full-width)
csv("survey_empty_quantity.csv", [
    ["75-09-2", "加工使用", "", "清洗剂", "300", "0", "0", "0", *D],
    ["127-18-4", "生产", "\u3000", "干洗", "1", "0", "0", "0", *D],
])
# 4. two columns titled 年用量（吨/年）
csv("survey_duplicate_column.csv", [
    ["75-09-2", "加工使用", "12.5", "清洗剂", "300", "0", "0", "0", *D, "1250"],
], header=[*HEADER, "年用量(吨/年)"])
# 5. Excel numbers with more decimals than stored (4 for tonnes, 3 for kg)
xlsx("survey_excel_decimals.xlsx", [
    ["75-09-2", "加工使用", 12.123456789, "清洗剂", 1.2345, 0, 0, 0, *D],
])
# 6. text longer than its field (用途 300, 生产工艺 300)
csv("survey_long_text.csv", [
    ["75-09-2", "加工使用", "12.5", "清" * 301, "300", "0", "0", "0", "工" * 5000, "危废处置", "密闭操作", ""],
])
# 7. impossible numbers: infinity, NaN, 1e308 t, 1e400 kg, negative, kg beyond the column's digits
csv("survey_impossible_numbers.csv", [
    ["75-09-2", "加工使用", "inf", "", "nan", "0", "0", "0", *D],
    ["127-18-4", "生产", "1e308", "", "1e400", "0", "0", "0", *D],
    ["79-01-6", "生产", "-3", "", "0", "-1", "0", "0", *D],
    ["71-43-2", "生产", "50000", "", "500000000000", "0", "0", "0", *D],
])
# 8. thousands separators, full-width digits, scientific notation: read exactly (a clean success)
csv("survey_exact_numbers.csv", [
    ["75-09-2", "加工使用", "1,234.5", "清洗剂", "１２．５", "1.5e1", "0", "", *D],
])
# 9. a stray quote mark opens a field that never closes
(OUT / "survey_stray_quote.csv").write_bytes(
    (",".join(HEADER) + "\r\n75-09-2,加工使用,\"12.5,清洗剂,300,0,0,0,清洗,危废处置,密闭操作,\r\n"
     + "127-18-4,生产,3,干洗,1,0,0,0,清洗,危废处置,,\r\n" * 2500).encode("utf-8-sig"))
# 10. a workbook that unpacks to 60 MB (a zip bomb, mildly)
xlsx("survey_inflates.xlsx", [["75-09-2", "加工使用", 12.5, "清洗剂", 300, 0, 0, 0, *D]],
     extra={"xl/media/padding.bin": b"\0" * (60 * 1024 * 1024)})
# 11. not a workbook at all, named .xlsx
(OUT / "survey_not_a_workbook.xlsx").write_bytes(b"CAS,activity\n75-09-2,production\n")
# 12. yes/no and words in number cells; an unknown activity
csv("survey_words_in_numbers.csv", [
    ["75-09-2", "使用", "十二", "清洗剂", "是", "0", "0", "0", *D],
])
print(sorted(p.name for p in OUT.iterdir()))
