"""The Excel (or CSV) path of the survey: a template to fill, and an upload checked row by row.

An importer of the core pipeline (:mod:`npgov.core.importers`): its columns are declared as
:class:`Column` declarations, mapped by :func:`map_columns`, and every problem is a :class:`RowError` (with its
sheet) in an :class:`ImportReport`. The template has an instructions sheet and the sheet 物质明细
(substance lines). An upload replaces the lines of a draft or returned submission, all or nothing.
There is no file-once check here: uploading the same file again to a returned draft is allowed, and
replaces the lines with the same ones.

No quantity is changed silently (issue #16): :func:`lines_check` validates without writing and returns the
lines exactly as they would be stored, which the page shows for confirmation; :func:`lines_replace` then
writes them in one short transaction. The interpretations, stated in the template's instructions:

- numbers follow the one rule of :mod:`npgov.core.numbers` (a decimal comma ``12,5`` is refused, ``1,234.5``
  is read as 1234.5, full-width digits as half-width); more decimals than the column keeps (4 for tonnes, 3
  for kilograms) is an error, never a rounding;
- an empty annual quantity is an error ("required"); an empty release or transfer is 0 (the form's default);
- a substance and activity may appear once: a second row is an error naming the first (adding them up
  would hide a typo);
- two columns with the same title are an error naming the column; a text longer than its field is an error;
- columns the template does not have are ignored, and the preview names them.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import PurePath
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from npgov.core.exceptions import ApplicationError
from npgov.core.importers import Column, ImportReport, RowError, map_columns, template_rows
from npgov.core.numbers import KILOGRAMS, TONNES, as_validation_error, clean_number, field_range
from npgov.core.permissions import ensure_visible
from npgov.core.tabular import EXCEL_SUFFIXES, TableFileError, read_table
from npgov.core.uploads import SMALL, UploadRefused, check_upload
from npgov.regulations.services.classification import classifier_get, classify_identifier
from npgov.science.numbers import NumberError, normalise_text
from npgov.science.tiers import TIER_FIELDS, missing_tier_fields, required_tiers
from npgov.surveys.choices import TIER_LABELS, Activity
from npgov.surveys.models import Submission, SubmissionLine
from npgov.surveys.services.tiers import tier_rules
from npgov.surveys.services.workflow import TEXT_MAX_LENGTH, campaign_scope, line_rules

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
RELEASE_TITLES = {TITLE[name] for name in RELEASES}
# One enterprise's report: a few hundred lines at most. The small-list caps, with fewer rows, keep the check
# (one registry look-up per substance) to seconds inside the request, for the preview and again at confirmation.
LIMITS = replace(SMALL, max_rows=1_000)


def template_sheets() -> list[tuple[str, list[list[str]]]]:
    """The workbook to download: instructions, and the lines sheet with an example row."""
    help_rows = [["列", "必填", "说明"]] + [[c.label, "是" if c.required else "否", ""] for c in COLUMNS]
    help_rows += [
        [],
        ["活动类型填写：生产、加工使用、进口、出口。"],
        ["数量单位为吨/年，排放和转移为千克/年。年用量为必填；排放和转移留空按 0 计。"],
        ["小数点请用英文句点（12.5），可用千位分隔符（1,234.5）；小数逗号（12,5）不予接受。"
         "年用量最多 4 位小数，排放和转移最多 3 位小数。"],
        ["同一物质的同一活动类型只填一行（多处用量请合计后填写）；重复的行将被指出，不予保存。"],
        ["上传后先显示将保存的内容，确认后才保存，并替换现有的全部物质明细。"],
        ["列入重点管控新污染物清单的物质须填写“已采取的管控措施”；优先控制化学品须填写工艺和废物处置。"],
    ]
    return [("填报说明", help_rows), (LINES_SHEET, list(template_rows(COLUMNS, EXAMPLE)))]


def _stored_number(text: str, field_name: str, *, required: bool) -> Decimal | None:
    """A cell → the exact Decimal the column stores: the one number rule (:func:`clean_number`: no decimal comma,
    finite, within the field's declared range), no more decimals than the column keeps, no more digits than it
    holds. Raises ValidationError (with a code) otherwise; never rounds, never turns an empty cell into 0."""
    column = cast(models.DecimalField, SubmissionLine._meta.get_field(field_name))
    number_range = field_range(SubmissionLine, field_name) or (TONNES if field_name == "quantity_t" else KILOGRAMS)
    value = clean_number(text, number_range, required=required, places=column.decimal_places)
    if value is not None:
        digits, exponent = len(value.as_tuple().digits), value.as_tuple().exponent
        whole_digits = digits + exponent if isinstance(exponent, int) else digits
        if whole_digits > column.max_digits - column.decimal_places:
            raise as_validation_error(NumberError("too_large", "", text=text))
    return value


@dataclass(frozen=True)
class CheckedLine:
    """One row of a valid file, as it will be stored."""

    row: int
    substance: Any  # a registry Substance
    activity: str
    quantity_t: Decimal
    uses: str
    releases: dict[str, Decimal]
    details: dict[str, str]
    tiers: list[str]

    @property
    def activity_label(self) -> str:
        return str(Activity(self.activity).label)

    @property
    def tier_labels(self) -> list[str]:
        return [str(TIER_LABELS.get(tier, tier)) for tier in self.tiers]

    @property
    def detail_items(self) -> list[tuple[str, str]]:
        return [(TITLE.get(name, name), text) for name, text in self.details.items()]

    @property
    def shown(self) -> dict[str, str]:
        """The quantities as the preview shows them: exact, never rounded or in scientific notation."""
        return {"quantity_t": _plain(self.quantity_t), **{name: _plain(v) for name, v in self.releases.items()}}

    def record(self) -> dict[str, Any]:
        return {"row": self.row, "substance": self.substance.pk, "activity": self.activity, **self.shown,
                "uses": self.uses, "details": self.details, "tiers": self.tiers}  # fmt: skip


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


@dataclass
class UploadCheck:
    """A file checked without writing: the report (errors), and when it is valid, the lines it would store."""

    report: ImportReport
    lines: list[CheckedLine] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """The SHA-256 of what would be stored: the confirmation saves only what the preview showed."""
        text = json.dumps([line.record() for line in self.lines], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_row(
    cells: dict[str, str], line_no: int, classify: Callable[[str], Any], scope: set[str]
) -> tuple[list[RowError], CheckedLine | None]:
    errors: list[RowError] = []

    def error(column: str, code: str, message: str) -> None:
        errors.append(RowError(line_no, TITLE[column], code, message, sheet=LINES_SHEET))

    for name, limit in TEXT_MAX_LENGTH.items():
        if len(cells.get(name, "")) > limit:
            error(name, "max_length", _("At most %(limit)s characters (this cell has %(n)s).")
                  % {"limit": limit, "n": len(cells[name])})  # fmt: skip
    numbers: dict[str, Decimal | None] = {}
    for name in ("quantity_t", *RELEASES):
        try:
            numbers[name] = _stored_number(cells.get(name, ""), name, required=name == "quantity_t")
        except ValidationError as exc:
            error(name, exc.code or "invalid_number", exc.messages[0])
    activity = ACTIVITY_NAMES.get(normalise_text(cells.get("activity", "")))
    if activity is None:
        if cells.get("activity", "").strip():
            error("activity", "invalid_choice", _("Write one of 生产, 加工使用, 进口, 出口."))
        else:
            error("activity", "required", _("A value is required."))
    identifier = cells.get("identifier", "").strip()
    if errors and any(e.column == TITLE["identifier"] for e in errors):
        return errors, None
    if not identifier:
        error("identifier", "required", _("A value is required."))
        return errors, None
    result = classify(identifier)
    substance = result.substance
    if substance is None:
        error("identifier", "unknown_substance",
              result.errors[0] if result.errors else _("Not in the substance registry: give its CAS RN."))  # fmt: skip
        return errors, None
    tiers = required_tiers([(m.entry.regulatory_list.code, m.entry.item) for m in result.matches], tier_rules())
    for name in missing_tier_fields(tiers, cells):
        if name in TITLE:
            error(name, "required", _("Required for this substance (%(tiers)s).")
                  % {"tiers": "、".join(str(TIER_LABELS.get(t, t)) for t in tiers)})  # fmt: skip
    quantity = numbers.get("quantity_t")
    releases = {name: numbers.get(name) or Decimal(0) for name in RELEASES}
    if quantity is not None and activity is not None and not any(e.column in RELEASE_TITLES for e in errors):
        for name, code, message in line_rules(scope=scope, matches=result.matches, substance=substance,
                                              activity=activity, quantity_t=quantity, releases=releases):  # fmt: skip
            error(name, code, message)
    elif scope:  # the scope does not need the numbers
        for name, code, message in line_rules(scope=scope, matches=result.matches, substance=substance,
                                              activity="", quantity_t=Decimal(0), releases={}):  # fmt: skip
            error(name, code, message)
    if errors or quantity is None or activity is None:
        return errors, None
    details = {k: cells.get(k, "").strip() for k in sum(TIER_FIELDS.values(), ()) if cells.get(k, "").strip()}
    return errors, CheckedLine(row=line_no, substance=substance, activity=activity, quantity_t=quantity,
                               uses=cells.get("uses", "").strip(), releases=releases, details=details,
                               tiers=tiers)  # fmt: skip


def lines_check(*, submission: Submission, data: bytes, filename: str) -> UploadCheck:
    """Check a file without writing anything: caps, columns, every row, repeated lines.

    The result lists the lines exactly as :func:`lines_replace` would store them, for the preview.
    """
    check = UploadCheck(ImportReport())
    report = check.report

    def refuse(row: int, code: str, message: str) -> UploadCheck:
        report.extend([RowError(row, "", code, message, sheet=LINES_SHEET)])
        return check

    try:
        check_upload(data, filename, LIMITS)
    except UploadRefused as exc:
        return refuse(0, "file_refused", str(exc))
    try:
        excel = PurePath(filename).suffix.lower() in EXCEL_SUFFIXES
        table = read_table(data, filename, sheet=_lines_sheet(data) if excel else None, limits=LIMITS)
        mapping, column_errors = map_columns(table.headers, COLUMNS, ignore_unknown=True)
        if column_errors:
            report.extend(RowError(e.row, e.column, e.code, e.message, sheet=LINES_SHEET) for e in column_errors)
            return check
        check.ignored_columns = [h for i, h in enumerate(table.headers) if h.strip() and i not in mapping.values()]
        rows = [
            (line, {key: cells[i] if i < len(cells) else "" for key, i in mapping.items()})
            for line, cells in table.rows
            if any(cells)
        ]
    except TableFileError as exc:
        return refuse(getattr(exc, "row", 0), "unreadable_file", str(exc))
    if not rows:
        return refuse(0, "no_rows", _("The sheet has no data rows."))
    return _check_rows(check, submission, rows)


def _lines_sheet(data: bytes) -> str | None:
    """The sheet to read: 物质明细 (the template's), or the only sheet of a workbook that has one (the lines saved
    on their own); otherwise 物质明细, and reading reports that the workbook lacks it."""
    from openpyxl import load_workbook  # here: heavy, and only Excel uploads need it

    try:
        names = load_workbook(io.BytesIO(data), read_only=True).sheetnames
    except Exception:  # noqa: BLE001 - a damaged file: read_table gives the message
        return LINES_SHEET
    return None if len(names) == 1 and LINES_SHEET not in names else LINES_SHEET


def _check_rows(check: UploadCheck, submission: Submission, rows: list[tuple[int, dict[str, str]]]) -> UploadCheck:
    report = check.report
    report.rows = len(rows)
    index = classifier_get()
    scope = campaign_scope(submission)
    first_row: dict[tuple[int, str], int] = {}
    classified: dict[str, Any] = {}  # a substance on several lines (one per activity) is looked up once

    def classify(identifier: str) -> Any:
        if identifier not in classified:
            classified[identifier] = classify_identifier(identifier, index=index)
        return classified[identifier]

    for line_no, cells in rows:
        errors, checked = _check_row(cells, line_no, classify, scope)
        report.extend(errors)
        if checked is None:
            continue
        key = (checked.substance.pk, checked.activity)
        if key in first_row:
            report.extend([RowError(
                line_no, TITLE["identifier"], "duplicate_line",
                _("Same substance and activity as row %(row)s (%(substance)s, %(activity)s): report each once, with "
                  "the quantities added up in one row.")
                % {"row": first_row[key], "substance": checked.substance, "activity": checked.activity_label},
                sheet=LINES_SHEET,
            )])  # fmt: skip
            continue
        first_row[key] = line_no
        check.lines.append(checked)
    if not report.ok:
        check.lines = []
    return check


def lines_replace(*, submission: Submission, user: Any, lines: list[CheckedLine], filename: str = "") -> int:
    """Replace the submission's lines with checked ones, in one short transaction (all validation is done
    before it: the lines are built and cleaned first). Returns the number of lines stored."""
    objects = []
    for checked in lines:
        line = SubmissionLine(submission=submission, substance=checked.substance, activity=checked.activity,
                              quantity_t=checked.quantity_t, uses=checked.uses, tiers=checked.tiers,
                              details=checked.details, **checked.releases)  # fmt: skip
        try:
            # the submission and the substance are loaded objects: no query per line to check they exist
            line.full_clean(exclude=["submission", "substance"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:  # the checks above mirror the model's: this is a safety net
            message = _("Row %(row)s: %(error)s") % {"row": checked.row, "error": "; ".join(exc.messages)}
            raise ApplicationError(message) from exc
        objects.append(line)
    with transaction.atomic():  # delete and two bulk inserts (the lines, their history)
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if not current.editable:
            raise ApplicationError(_("Only a draft or a returned submission can be changed."))
        SubmissionLine.objects.filter(submission=current).delete()
        saved = bulk_create_with_history(
            objects, SubmissionLine, default_user=user,
            default_change_reason=_("upload %(file)s") % {"file": filename} if filename else None,
        )  # fmt: skip
        if saved:  # the lines share the submission's scope: one check covers them
            ensure_visible(user, saved[:1], "change")
    return len(objects)


def submission_lines_import(*, submission: Submission, user: Any, data: bytes, filename: str) -> ImportReport:
    """Check every row; if all are valid, replace the submission's lines with them (no preview: scripts)."""
    check = lines_check(submission=submission, data=data, filename=filename)
    if not check.report.ok:
        return check.report
    try:
        check.report.created = lines_replace(submission=submission, user=user, lines=check.lines, filename=filename)
    except ApplicationError as exc:
        check.report.extend([RowError(0, "", "rejected", exc.message, sheet=LINES_SHEET)])
    return check.report
