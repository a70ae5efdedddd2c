"""The Excel (or CSV) path of the survey: a template to fill, and an upload checked row by row.

An importer of the core pipeline (:mod:`npgov.core.importers`): its columns are declared as
:class:`Column` declarations, mapped by :func:`map_columns`, and every problem is a :class:`RowError` (with its
sheet) in an :class:`ImportReport`. The template has an instructions sheet and the sheet 物质明细
(substance lines). An upload replaces the lines of a draft or returned submission, all or nothing.
There is no file-once check here: uploading the same file again to a returned draft is allowed, and
replaces the lines with the same ones.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.importers import Column, ImportReport, RowError, map_columns, template_rows
from npgov.core.tabular import TableFileError, read_table
from npgov.regulations.services.classification import classifier_get, classify_identifier
from npgov.science.tiers import TIER_FIELDS, missing_tier_fields, required_tiers
from npgov.surveys.choices import TIER_LABELS, Activity
from npgov.surveys.models import Submission
from npgov.surveys.services.tiers import tier_rules
from npgov.surveys.services.workflow import IMPLAUSIBLE_TONNES, line_save

LINES_SHEET = "物质明细"
# The template is in Chinese only (the enterprise form it mirrors is): the labels are its titles.
COLUMNS: tuple[Column, ...] = (
    Column("identifier", "CAS号或物质名称", required=True),
    Column("activity", "活动类型", required=True),
    Column("quantity_t", "年用量（吨/年）", required=True),
    Column("uses", "用途"),
    Column("release_air_kg", "排入大气（千克/年）"),
    Column("release_water_kg", "排入水体（千克/年）"),
    Column("release_soil_kg", "排入土壤（千克/年）"),
    Column("transfer_kg", "转移量（千克/年）"),
    Column("process", "生产工艺（详细信息）"),
    Column("disposal", "废物处置（详细信息）"),
    Column("control_measures", "已采取的管控措施（重点管控信息）"),
    Column("exempted_use", "所依据的豁免用途（公约履约信息）"),
)
TITLE = {column.key: column.label for column in COLUMNS}
EXAMPLE = {
    "identifier": "75-09-2", "activity": "加工使用", "quantity_t": "12.5", "uses": "清洗剂", "release_air_kg": "300",
    "release_water_kg": "0", "release_soil_kg": "0", "transfer_kg": "0", "process": "清洗",
    "disposal": "委托危废单位处置", "control_measures": "密闭操作，活性炭吸附", "exempted_use": "",
}  # fmt: skip
ACTIVITY_NAMES = {
    "生产": "production",
    "加工使用": "processing_use",
    "进口": "import",
    "出口": "export",
    **{value: value for value, _label in Activity.choices},
}
RELEASES = ("release_air_kg", "release_water_kg", "release_soil_kg", "transfer_kg")


def template_sheets() -> list[tuple[str, list[list[str]]]]:
    """The workbook to download: instructions, and the lines sheet with an example row."""
    help_rows = [["列", "必填", "说明"]] + [[c.label, "是" if c.required else "否", ""] for c in COLUMNS]
    help_rows += [
        [],
        ["活动类型填写：生产、加工使用、进口、出口。"],
        ["数量单位为吨/年，排放和转移为千克/年。"],
        ["列入重点管控新污染物清单的物质须填写“已采取的管控措施”；优先控制化学品须填写工艺和废物处置。"],
    ]
    return [("填报说明", help_rows), (LINES_SHEET, list(template_rows(COLUMNS, EXAMPLE)))]


def _number(raw: str) -> Decimal:
    value = Decimal(raw.replace(",", "").strip() or "0")
    if value < 0 or not value.is_finite():
        raise InvalidOperation
    return value


def _check_row(cells: dict[str, str], line_no: int, index: Any) -> list[RowError]:
    errors: list[RowError] = []

    def error(column: str, code: str, message: str) -> None:
        errors.append(RowError(line_no, TITLE[column], code, message, sheet=LINES_SHEET))

    if cells.get("activity", "") not in ACTIVITY_NAMES:
        error("activity", "invalid_choice", _("Write one of 生产, 加工使用, 进口, 出口."))
    for column in ("quantity_t", *RELEASES):
        try:
            _number(cells.get(column, ""))
        except (InvalidOperation, ValueError):
            error(column, "invalid_number", _("Not a number of zero or more."))
    if (
        not any(e.column == TITLE["quantity_t"] for e in errors)
        and _number(cells.get("quantity_t", "")) > IMPLAUSIBLE_TONNES
    ):
        error("quantity_t", "implausible", _("Implausibly large: is it in kilograms? Enter tonnes per year."))
    result = classify_identifier(cells.get("identifier", ""), index=index)
    if result.substance is None:
        error("identifier", "unknown_substance",
              result.errors[0] if result.errors else _("Not in the substance registry: give its CAS RN."))  # fmt: skip
    else:
        tiers = required_tiers([(m.entry.regulatory_list.code, m.entry.item) for m in result.matches], tier_rules())
        for name in missing_tier_fields(tiers, cells):
            if name in TITLE:
                error(
                    name,
                    "required",
                    _("Required for this substance (%(tiers)s).")
                    % {"tiers": "、".join(str(TIER_LABELS.get(t, t)) for t in tiers)},
                )
    return errors


def submission_lines_import(*, submission: Submission, user: Any, data: bytes, filename: str) -> ImportReport:
    """Check every row; if all are valid, replace the submission's lines with them."""
    report = ImportReport()

    def refuse(row: int, column: str, code: str, message: str) -> ImportReport:
        report.extend([RowError(row, column, code, message, sheet=LINES_SHEET)])
        return report

    try:
        table = read_table(data, filename, sheet=LINES_SHEET if filename.lower().endswith((".xlsx", ".xlsm")) else None)
        mapping, column_errors = map_columns(table.headers, COLUMNS, ignore_unknown=True)
        if column_errors:
            report.extend(RowError(e.row, e.column, e.code, e.message, sheet=LINES_SHEET) for e in column_errors)
            return report
        rows = [
            (line, {key: cells[i] for key, i in mapping.items() if i < len(cells)})
            for line, cells in table.rows
            if any(cells)
        ]
    except TableFileError as exc:
        return refuse(0, "", "unreadable_file", str(exc))
    if not rows:
        return refuse(0, "", "no_rows", _("The sheet has no data rows."))
    report.rows = len(rows)
    index = classifier_get()
    report.extend(e for line, cells in rows for e in _check_row(cells, line, index))
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            submission.lines.all().delete()
            for line, cells in rows:
                try:
                    line_save(
                        submission=submission,
                        user=user,
                        identifier=cells["identifier"],
                        activity=ACTIVITY_NAMES[cells["activity"]],
                        quantity_t=_number(cells["quantity_t"]),
                        uses=cells.get("uses", ""),
                        releases={r: _number(cells.get(r, "")) for r in RELEASES},
                        details={k: cells.get(k, "") for k in sum(TIER_FIELDS.values(), ())},
                    )
                except ApplicationError as exc:
                    raise _RowFailed(RowError(line, "", "rejected", exc.message, sheet=LINES_SHEET)) from exc
    except _RowFailed as failed:
        return refuse(failed.error.row, "", failed.error.code, failed.error.message)
    report.created = len(rows)
    return report


class _RowFailed(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error
