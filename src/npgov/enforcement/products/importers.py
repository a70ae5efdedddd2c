"""Importing a lab's product test results: every row validated, then all committed or nothing.

An importer of the core pipeline (:mod:`npgov.core.importers`): the columns below are matched by
:func:`map_columns` (their Chinese or English names), the file-once rule is
:func:`find_duplicate_import`, every problem is a :class:`RowError` in an :class:`ImportReport`. A
result replaces the sample's result for the same substance and measurement; the samples touched are
judged again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.importers import (
    Column,
    ImportReport,
    RowError,
    file_error,
    file_sha256,
    find_duplicate_import,
    map_columns,
    template_help_rows,
    template_rows,
)
from npgov.core.models import ImportBatch
from npgov.core.permissions import ensure_visible
from npgov.core.tabular import TableFileError, read_table
from npgov.core.uploads import MB, UploadLimits, UploadRefused, check_upload
from npgov.enforcement.products.models import ProductResult, ProductSample
from npgov.enforcement.products.services import product_result_write, result_value_parse, sample_evaluate
from npgov.science import products as science
from npgov.science.identifiers import fold_identifier
from npgov.substances.selectors import substance_resolve

RESULTS_TARGET = "enforcement.productresult"
COLUMNS = (
    Column("sample", gettext_lazy("sample code"), ("样品编号", "抽样单编号", "sample", "sample code", "sample_code"),
           True, gettext_lazy("The code of a registered sample (抽样单编号).")),
    Column("substance", gettext_lazy("substance"), ("CAS号", "CAS", "物质", "检测项目", "substance", "analyte"), True,
           gettext_lazy("CAS RN (preferred), or the Chinese or English name.")),
    Column("value", gettext_lazy("value"), ("检测结果", "结果", "测定值", "检测值", "数值", "含量", "value", "result"),
           True, gettext_lazy("A number; a non-detect as ND, 未检出 or <0.01.")),
    Column("unit", gettext_lazy("unit"), ("单位", "unit"), True, gettext_lazy("%, g/kg, mg/kg (ppm) or µg/kg.")),
    Column("measurement", gettext_lazy("measured as"), ("检测类型", "测定方式", "指标类型", "measurement",
                                                         "measured as"), False,
           gettext_lazy("含量 / content (default) or 迁移量 / migration.")),
    Column("lab", gettext_lazy("laboratory"), ("检测机构", "实验室", "lab", "laboratory"), False),
    Column("method", gettext_lazy("test method"), ("检测方法", "方法", "method", "test method"), False),
)  # fmt: skip
EXAMPLE = {"sample": "DL-CP-2025-001", "substance": "117-81-7", "value": "0.08", "unit": "%", "measurement": "含量",
           "lab": "辽宁省产品质量监督检验院", "method": "GB/T 22048-2022"}  # fmt: skip
VALUE_ERROR_CODES = {"value": "invalid_value", "unit": "invalid_unit"}
# A lab's results for a sampling campaign: checked and written inside the request (each result is written with its
# history and every sample touched is judged again), so kept small enough for the write to be one short
# transaction — 2,000 rows took over a minute on a loaded server; a lab's report is a few hundred results. Stated on
# the upload page; a larger file is split.
RESULT_LIMITS = UploadLimits(max_bytes=1 * MB, max_inflated_bytes=10 * MB, max_rows=500, max_columns=30,
                             max_cells=15_000)  # fmt: skip
TEXT_LIMITS = {"lab": 200, "method": 120}  # ProductResult.lab, .method
# A file of more rows than this is checked and written by a job (enforcement.products.tasks), not in the request:
# a direct import cost 42 ms a row on SQLite with history and re-judging on a loaded 2-core box (issue 17,
# tests/enforcement/test_products_import_job.py prints it), so 20 rows stay under a second.
ASYNC_ROWS = 20
PROGRESS_EVERY = 25


def results_template_rows() -> Iterator[list[str]]:
    """The template's header (in the user's language) and an example row."""
    return template_rows(COLUMNS, EXAMPLE)


def results_help_rows() -> Iterator[list[str]]:
    """Title, required, help: one row per column (the import page and the template's help sheet)."""
    for title, _key, required, help_text in template_help_rows(COLUMNS):
        yield [title, required, help_text]


@dataclass(frozen=True)
class _Row:
    line: int
    sample: ProductSample
    substance_id: int
    measurement: str
    parsed: science.ParsedValue
    lab: str
    method: str


class _RowChecker:
    """Validates rows one by one; each sample code and substance is looked up once."""

    def __init__(self, headers: list[str], mapping: dict[str, int], user: Any, report: ImportReport) -> None:
        self.headers, self.mapping, self.report = headers, mapping, report
        self.samples = ProductSample.objects.restrict(user, "change")
        self.sample_cache: dict[str, tuple[ProductSample | None, str, str]] = {}
        self.substance_cache: dict[str, tuple[int | None, str]] = {}
        self.seen: dict[tuple[int, int, str], int] = {}

    def cell(self, cells: list[str], key: str) -> str:
        index = self.mapping.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(self, line: int, key: str, code: str, message: str) -> None:
        index = self.mapping.get(key)
        self.report.add(line, self.headers[index] if index is not None else "", code, message)

    def check(self, line: int, cells: list[str]) -> _Row | None:
        sample, sample_code, sample_error = self._sample(self.cell(cells, "sample"))
        substance_id, substance_error = self._substance(self.cell(cells, "substance"))
        measurement = science.MEASUREMENT_ALIASES.get(self.cell(cells, "measurement").lower())
        parsed, value_errors = result_value_parse(self.cell(cells, "value"), self.cell(cells, "unit"))
        if sample_error:
            self.error(line, "sample", sample_code, sample_error)
        if substance_error:
            self.error(line, "substance", "unknown_substance", substance_error)
        for key, message in value_errors.items():
            if message:
                self.error(line, key, VALUE_ERROR_CODES.get(key, "invalid"), message)
        if measurement is None:
            self.error(line, "measurement", "invalid_choice", _("Write 含量 (content) or 迁移量 (migration)."))
        too_long = False
        for key, limit in TEXT_LIMITS.items():
            if len(self.cell(cells, key)) > limit:
                too_long = True
                self.error(line, key, "too_long", _("At most %(limit)s characters (this cell has %(length)s).")
                           % {"limit": limit, "length": len(self.cell(cells, key))})  # fmt: skip
        if sample is None or substance_id is None or parsed is None or measurement is None or too_long:
            return None
        key = (sample.pk, substance_id, measurement)
        if key in self.seen:
            self.error(line, "substance", "duplicate_row",
                       _("Duplicate of row %(row)s in this file.") % {"row": self.seen[key]})  # fmt: skip
            return None
        self.seen[key] = line
        return _Row(line, sample, substance_id, measurement, parsed, self.cell(cells, "lab"),
                    self.cell(cells, "method"))  # fmt: skip

    def _sample(self, code: str) -> tuple[ProductSample | None, str, str]:
        """The sample, or the error's code and message."""
        if code not in self.sample_cache:
            sample = self.samples.filter(code=code).select_related("category").first() if code else None
            if sample is not None:
                self.sample_cache[code] = (sample, "", "")
            elif not code:
                self.sample_cache[code] = (None, "required", _("Give the sample code."))
            elif ProductSample.objects.filter(code=code).exists():
                message = _("You may not add results to sample %(code)s.") % {"code": code}
                self.sample_cache[code] = (None, "forbidden", message)
            else:
                message = _("No sample %(code)s: register the sample first.") % {"code": code}
                self.sample_cache[code] = (None, "unknown_sample", message)
        return self.sample_cache[code]

    def _substance(self, text: str) -> tuple[int | None, str]:
        if text not in self.substance_cache:
            # a CAS RN typed with full-width digits and dashes is still a CAS RN
            self.substance_cache[text] = substance_resolve(fold_identifier(text))
        return self.substance_cache[text]


def product_results_import(
    *, data: bytes, filename: str, user: Any, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Validate every row of a lab's result file; if all are valid, save them and re-judge the samples.

    Writes, in one transaction: the results (new, or replacing the sample's result for the same
    substance, with history), the verdicts and findings, and an ImportBatch with the file's SHA-256.
    Nothing is written when any row is invalid or the same file was imported before. ``progress`` (rows done,
    rows in all; the rows are checked, then written) is the job's progress bar.
    """
    try:
        check_upload(data, filename, RESULT_LIMITS)
    except UploadRefused as exc:
        return file_error("too_large", str(exc))
    limits = RESULT_LIMITS.scaled()
    sha256 = file_sha256(data)
    duplicate = find_duplicate_import(target=RESULTS_TARGET, sha256=sha256)
    if duplicate is not None:
        return ImportReport(errors=[duplicate])
    report = ImportReport()
    try:
        table = read_table(data, filename, limits=RESULT_LIMITS)
        if len(table.headers) > limits.max_columns:
            return file_error("too_many_columns", _("The file has %(n)s columns; at most %(limit)s are accepted.")
                              % {"n": len(table.headers), "limit": limits.max_columns})  # fmt: skip
        mapping, errors = map_columns(table.headers, COLUMNS)
        if errors:
            return ImportReport(errors=errors)
        checker = _RowChecker(table.headers, mapping, user, report)
        rows = []
        for line, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            if report.rows > limits.max_rows:
                # stop reading at once: the rest of the file is not parsed
                return file_error("too_many_rows", _("The file has more than %(limit)s data rows (row %(row)s); "
                                                     "split it into several files.")
                                  % {"limit": f"{limits.max_rows:,}", "row": line})  # fmt: skip
            row = checker.check(line, cells)
            if row is not None:
                rows.append(row)
            if progress is not None and report.rows % PROGRESS_EVERY == 0:
                progress(report.rows, 2 * max(table.estimated_rows, report.rows))
    except TableFileError as exc:
        return file_error("unreadable_file", str(exc))
    if not report.ok:
        return report
    if not rows:
        return ImportReport(errors=[RowError(0, "", "no_rows", _("The file has no data rows."))])
    _commit_rows(rows, filename, sha256, user, report, progress)
    return report


def _commit_rows(rows: list[_Row], filename: str, sha256: str, user: Any, report: ImportReport,
                 progress: Callable[[int, int], None] | None = None) -> None:  # fmt: skip
    reason = (_("import %(file)s") % {"file": filename})[:100]
    with transaction.atomic():
        batch = ImportBatch.objects.create(target=RESULTS_TARGET, file_name=filename[:255], sha256=sha256,
                                           rows=len(rows), user=user)  # fmt: skip
        written: list[tuple[ProductResult, bool]] = []
        for done, row in enumerate(rows, start=1):
            written.append(product_result_write(row.sample, row.substance_id, row.measurement, row.parsed, row.lab,
                                                row.method, batch, user, reason))  # fmt: skip
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(len(rows) + done, 2 * len(rows))
        ensure_visible(user, [r for r, created in written if created], "add")
        ensure_visible(user, [r for r, created in written if not created], "change")
        for sample in {row.sample.pk: row.sample for row in rows}.values():
            sample_evaluate(sample=sample)
        report.created = sum(created for _r, created in written)
        report.updated = len(written) - report.created
        batch.created, batch.updated = report.created, report.updated
        batch.save(update_fields=["created", "updated", "updated_at"])
        report.batch = batch
