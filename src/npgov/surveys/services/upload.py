"""The Excel (or CSV) path of the survey: a template to fill, and an upload checked row by row.

The template has an instructions sheet and the sheet 物质明细 (substance lines). An upload replaces
the lines of a draft or returned submission, all or nothing; every problem is reported with its
sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.tabular import TableFileError, read_table
from npgov.regulations.services.classification import classifier_get, classify_identifier
from npgov.science.tiers import TIER_FIELDS, missing_tier_fields, required_tiers
from npgov.surveys.choices import TIER_LABELS, Activity
from npgov.surveys.models import Submission
from npgov.surveys.services.tiers import tier_rules
from npgov.surveys.services.workflow import IMPLAUSIBLE_TONNES, line_save

LINES_SHEET = "物质明细"
# column key -> (Chinese title in the template, required)
COLUMNS: dict[str, tuple[str, bool]] = {
    "identifier": ("CAS号或物质名称", True),
    "activity": ("活动类型", True),
    "quantity_t": ("年用量（吨/年）", True),
    "uses": ("用途", False),
    "release_air_kg": ("排入大气（千克/年）", False),
    "release_water_kg": ("排入水体（千克/年）", False),
    "release_soil_kg": ("排入土壤（千克/年）", False),
    "transfer_kg": ("转移量（千克/年）", False),
    "process": ("生产工艺（详细信息）", False),
    "disposal": ("废物处置（详细信息）", False),
    "control_measures": ("已采取的管控措施（重点管控信息）", False),
    "exempted_use": ("所依据的豁免用途（公约履约信息）", False),
}
ACTIVITY_NAMES = {
    "生产": "production",
    "加工使用": "processing_use",
    "进口": "import",
    "出口": "export",
    **{value: value for value, _label in Activity.choices},
}
RELEASES = ("release_air_kg", "release_water_kg", "release_soil_kg", "transfer_kg")


@dataclass(frozen=True)
class UploadError:
    sheet: str
    row: int
    column: str
    message: str


def template_sheets() -> list[tuple[str, list[list[str]]]]:
    """The workbook to download: instructions, and the lines sheet with an example row."""
    help_rows = [["列", "必填", "说明"]] + [
        [title, "是" if required else "否", ""] for title, required in COLUMNS.values()
    ]
    help_rows += [
        [],
        ["活动类型填写：生产、加工使用、进口、出口。"],
        ["数量单位为吨/年，排放和转移为千克/年。"],
        ["列入重点管控新污染物清单的物质须填写“已采取的管控措施”；优先控制化学品须填写工艺和废物处置。"],
    ]
    lines = [
        [title for title, _required in COLUMNS.values()],
        [
            "75-09-2",
            "加工使用",
            "12.5",
            "清洗剂",
            "300",
            "0",
            "0",
            "0",
            "清洗",
            "委托危废单位处置",
            "密闭操作，活性炭吸附",
            "",
        ],
    ]
    return [("填报说明", help_rows), (LINES_SHEET, lines)]


def _number(raw: str) -> Decimal:
    value = Decimal(raw.replace(",", "").strip() or "0")
    if value < 0 or not value.is_finite():
        raise InvalidOperation
    return value


def _check_row(cells: dict[str, str], line_no: int, sheet: str, index: Any) -> list[UploadError]:
    errors: list[UploadError] = []

    def error(column: str, message: str) -> None:
        errors.append(UploadError(sheet, line_no, COLUMNS[column][0], message))

    if cells.get("activity", "") not in ACTIVITY_NAMES:
        error("activity", _("Write one of 生产, 加工使用, 进口, 出口."))
    for column in ("quantity_t", *RELEASES):
        try:
            _number(cells.get(column, ""))
        except (InvalidOperation, ValueError):
            error(column, _("Not a number of zero or more."))
    if (
        not any(e.column == COLUMNS["quantity_t"][0] for e in errors)
        and _number(cells.get("quantity_t", "")) > IMPLAUSIBLE_TONNES
    ):
        error("quantity_t", _("Implausibly large: is it in kilograms? Enter tonnes per year."))
    result = classify_identifier(cells.get("identifier", ""), index=index)
    if result.substance is None:
        error("identifier", result.errors[0] if result.errors else _("Not in the substance registry: give its CAS RN."))
    else:
        tiers = required_tiers([(m.entry.regulatory_list.code, m.entry.item) for m in result.matches], tier_rules())
        for name in missing_tier_fields(tiers, cells):
            if name in COLUMNS:
                error(
                    name,
                    _("Required for this substance (%(tiers)s).")
                    % {"tiers": "、".join(str(TIER_LABELS.get(t, t)) for t in tiers)},
                )
    return errors


def submission_lines_upload(*, submission: Submission, user: Any, data: bytes, filename: str) -> list[UploadError]:
    """Check every row; if all are valid, replace the submission's lines with them. Returns the problems."""
    try:
        table = read_table(data, filename, sheet=LINES_SHEET if filename.lower().endswith((".xlsx", ".xlsm")) else None)
        titles = {title: key for key, (title, _required) in COLUMNS.items()} | {key: key for key in COLUMNS}
        mapping = {i: titles[h.strip()] for i, h in enumerate(table.headers) if h.strip() in titles}
        missing = [COLUMNS[k][0] for k, (_t, required) in COLUMNS.items() if required and k not in mapping.values()]
        if missing:
            return [UploadError(LINES_SHEET, 1, m, _("Required column is missing.")) for m in missing]
        rows = [
            (line, {mapping[i]: c for i, c in enumerate(cells) if i in mapping})
            for line, cells in table.rows
            if any(cells)
        ]
    except TableFileError as exc:
        return [UploadError(LINES_SHEET, 0, "", str(exc))]
    if not rows:
        return [UploadError(LINES_SHEET, 0, "", _("The sheet has no data rows."))]
    index = classifier_get()
    errors = [e for line, cells in rows for e in _check_row(cells, line, LINES_SHEET, index)]
    if errors:
        return errors
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
                    raise _RowFailed(UploadError(LINES_SHEET, line, "", exc.message)) from exc
    except _RowFailed as failed:
        return [failed.error]
    return []


class _RowFailed(Exception):
    def __init__(self, error: UploadError) -> None:
        super().__init__(error.message)
        self.error = error
