"""The import pipeline: one declaration per importer, one error type, one report, one duplicate check.

Every file import in NPGov — the ModelForm-based :class:`ImportSpec` below (departments, enterprises,
substances, sites, lab methods, hazard data, endpoints, PNECs …), the survey Excel upload, the product
results importer and the streaming monitoring importer — runs the same steps:

1. :func:`find_duplicate_import` — the file's SHA-256 against the :class:`ImportBatch` of its target;
2. read the table (:mod:`npgov.core.tabular`, or the monitoring importer's block reader);
3. :func:`map_columns` — the headers onto the importer's declared :class:`Column`s (key, aliases, the
   labels in Chinese and English), unknown and missing required columns as :class:`RowError`s;
4. validate every row (the importer's own validators), collecting :class:`RowError`s in an
   :class:`ImportReport`, with ``progress(done, estimated)`` for a job's progress bar;
5. commit all or nothing, recording one ImportBatch.

The template (:func:`template_rows`, :func:`template_help_rows`) comes from the same columns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.forms import ModelForm
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from npgov.core.models import ImportBatch, Job
from npgov.core.permissions import can, ensure_visible
from npgov.core.services.jobs import job_report_outside_transaction
from npgov.core.tabular import Table, TableFileError, read_table

# Above this many rows an upload runs as a background job with a progress bar.
ASYNC_ROW_THRESHOLD = 1000
MAX_REPORTED_ERRORS = 1000
LANGUAGES = ("zh-hans", "en")  # a header may be written in either, whatever the uploader's language

# (rows done, rows estimated): called by an importer as it validates, shown as a job's progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    """One problem with a file: ``row`` is the line in the file (the header is 1; 0: the file as a whole),
    ``column`` the file's title for the column, ``code`` a stable machine code ("required",
    "unknown_column", "invalid_number", "duplicate_file" …), ``message`` the localised text."""

    row: int
    column: str
    code: str
    message: str
    sheet: str = ""  # in a workbook with several sheets, the one the row is on

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass
class ImportReport:
    """What an import did or would have done: rows read, records created and updated, the errors.

    ``errors`` keeps the first :data:`MAX_REPORTED_ERRORS`; ``error_count`` counts them all.
    """

    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None
    errors_not_listed: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_not_listed

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, row: int, column: str, code: str, message: str) -> None:
        self.extend([RowError(row, column, code, message)])

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(error)
            else:
                self.errors_not_listed += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "errors": [e.as_dict() for e in self.errors], "error_count": self.error_count,
        }  # fmt: skip


def file_error(code: str, message: str) -> ImportReport:
    """A report of a file refused as a whole (row 0)."""
    return ImportReport(errors=[RowError(0, "", code, message)])


# --- the file-once rule ---------------------------------------------------------------------------
def file_sha256(data: bytes | Path) -> str:
    """The SHA-256 of a file's bytes; a path is read in blocks, so a large upload is never held whole."""
    if isinstance(data, Path):
        digest = hashlib.sha256()
        with data.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    return hashlib.sha256(data).hexdigest()


def find_duplicate_import(*, target: str, sha256: str) -> RowError | None:
    """The error for a file already imported into ``target`` (a model label), or None."""
    batch = ImportBatch.objects.filter(target=target, sha256=sha256).select_related("user").first()
    if batch is None:
        return None
    message = _("This file was already imported on %(date)s by %(user)s.") % {
        "date": f"{timezone.localtime(batch.created_at):%Y-%m-%d %H:%M}",
        "user": batch.user or "?",
    }
    return RowError(0, "", "duplicate_file", message)


# --- columns --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column an importer reads: its key, its title (lazy: shown in the uploader's language), the
    other titles labs and templates use, whether a file must have it, and a line of help for the template."""

    key: str
    label: Any
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: Any = ""


def fold_header(text: str) -> str:
    """A header as compared: case, spaces, underscores and brackets (half or full width) do not count."""
    return re.sub(r"[\s_()（）]+", "", str(text)).lower()


def column_index(columns: Sequence[Column]) -> dict[str, str]:
    """Folded title → column key, over the keys, the aliases and the labels in Chinese and English."""
    index: dict[str, str] = {}
    for column in columns:
        titles = [column.key, *column.aliases, str(column.label)]
        for language in LANGUAGES:
            with translation.override(language):
                titles.append(str(column.label))
        for title in titles:
            index.setdefault(fold_header(title), column.key)
    return index


def map_columns(
    headers: Sequence[str], columns: Sequence[Column], *, ignore_unknown: bool = False
) -> tuple[dict[str, int], list[RowError]]:
    """Column key → index of its header, and the errors: unknown columns (unless ``ignore_unknown``),
    a second column for the same key, required columns missing."""
    index = column_index(columns)
    label_of = {column.key: column.label for column in columns}
    mapping: dict[str, int] = {}
    errors: list[RowError] = []
    for position, header in enumerate(headers):
        key = index.get(fold_header(header)) if header.strip() else None
        if key is None:
            if header.strip() and not ignore_unknown:
                errors.append(RowError(1, header, "unknown_column", _("Unknown column.")))
        elif key in mapping:
            errors.append(RowError(1, header, "duplicate_column",
                                   _("Two columns are mapped to %(field)s.") % {"field": label_of[key]}))  # fmt: skip
        else:
            mapping[key] = position
    for column in columns:
        if column.required and column.key not in mapping:
            errors.append(RowError(1, str(column.label), "required_column", _("Required column is missing.")))
    return mapping, errors


def template_rows(columns: Sequence[Column], example: dict[str, str] | None = None) -> Iterator[list[str]]:
    """The header row of an import template in the user's language, and an example row."""
    yield [str(column.label) for column in columns]
    if example:
        yield [str(example.get(column.key, "")) for column in columns]


def template_help_rows(columns: Sequence[Column]) -> Iterator[list[str]]:
    """One row per column: title, key, required, help — the template's second sheet."""
    yield [_("column"), _("field"), _("required"), _("help")]
    for column in columns:
        yield [str(column.label), column.key, _("yes") if column.required else _("no"), str(column.help or "")]


def job_progress(job: Job, *, share: int = 95) -> Progress:
    """A :data:`Progress` that moves ``job``'s bar up to ``share`` % (the rest is the commit)."""

    def report(done: int, estimated: int) -> None:
        job_report_outside_transaction(job, progress=min(share, round(share * done / max(estimated, 1))),
                                       message=_("%(n)s rows read") % {"n": f"{done:,}"})  # fmt: skip

    return report


# --- ModelForm-based importers --------------------------------------------------------------------
@dataclass(frozen=True)
class ImportSpec:
    """How rows of one model are imported: its ModelForm is the declaration of columns and validators."""

    key: str
    model: type[Model]
    # The form class, or its dotted path: a path is imported on first use, so that registering the spec in
    # AppConfig.ready() loads no form (forms may pull in RDKit or pandas, which start-up must not).
    form_class: type[ModelForm] | str
    key_field: str  # natural key: a row whose key exists updates that record
    example: dict[str, str] = field(default_factory=dict)
    # Puts a key in canonical form before looking it up (a CAS RN typed with leading zeros);
    # returns the text unchanged when it cannot, so that the form reports the problem.
    key_normaliser: Callable[[str], str] | None = None

    @property
    def target(self) -> str:
        return self.model._meta.label_lower

    @property
    def form(self) -> type[ModelForm]:
        form_class = self.form_class
        return import_string(form_class) if isinstance(form_class, str) else form_class

    def fields(self) -> list[str]:
        return list(self.form.base_fields)

    def columns(self) -> tuple[Column, ...]:
        """The form's fields as columns; a required field with a default (a choice) may be left out."""
        return tuple(
            Column(name, form_field.label or name,
                   required=form_field.required and form_field.initial in (None, ""), help=form_field.help_text)
            for name, form_field in self.form.base_fields.items()
        )  # fmt: skip


IMPORT_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    IMPORT_SPECS[spec.key] = spec
    return spec


def _validate_rows(
    spec: ImportSpec, table: Table, mapping: dict[str, int], user: Any, report: ImportReport,
    progress: Progress | None, estimated: int,
) -> list[tuple[int, ModelForm, bool]]:  # fmt: skip
    headers = table.headers
    column_of = {name: headers[index] for name, index in mapping.items()}
    forms: list[tuple[int, ModelForm, bool]] = []
    seen_keys: dict[str, int] = {}
    changeable = spec.model._default_manager.restrict(user, "change")
    may_add = can(user, spec.model, "add")
    for line, cells in table.rows:
        if not any(cells):
            continue
        report.rows += 1
        data = {name: (cells[index] if index < len(cells) else "") for name, index in mapping.items()}
        key = data.get(spec.key_field, "")
        if key and spec.key_normaliser is not None:
            key = data[spec.key_field] = spec.key_normaliser(key)
        existing = spec.model._default_manager.filter(**{spec.key_field: key}).first() if key else None
        # Left-out columns, and empty cells of required fields, keep the current value or the default.
        filled = {n for n, v in data.items() if v != "" or not spec.form.base_fields[n].required}
        data = {**data, **_unchanged_values(spec, existing, filled)}
        key_column = column_of.get(spec.key_field, spec.key_field)
        if key and key in seen_keys:
            report.add(line, key_column, "duplicate_row",
                       _("Duplicate of row %(row)s in this file.") % {"row": seen_keys[key]})  # fmt: skip
            continue
        seen_keys[key] = line
        if existing is not None and not changeable.filter(pk=existing.pk).exists():
            report.add(line, column_of.get(spec.key_field, ""), "forbidden", _("You may not change this record."))
            continue
        if existing is None and not may_add:
            report.add(line, "", "forbidden", _("You may not add records of this kind."))
            continue
        form = spec.form(data=data, instance=existing)
        if form.is_valid():
            forms.append((line, form, existing is None))
        else:
            for name, form_errors in form.errors.as_data().items():
                for error in form_errors:
                    column = column_of.get(name, name if name != "__all__" else "")
                    for message in error.messages:
                        report.add(line, column, error.code or "invalid", message)
        if progress and report.rows % 200 == 0:
            progress(report.rows, max(estimated, report.rows))
    return forms


def _unchanged_values(spec: ImportSpec, instance: Model | None, present: set[str]) -> dict[str, Any]:
    """Values for the columns the file leaves out: the record's current ones, or the defaults for a new one."""
    unbound = spec.form(instance=instance)
    values = {}
    for name in spec.fields():
        if name not in present:
            value = unbound[name].value()
            values[name] = "" if value is None else value
    return values


def import_run(
    *, spec: ImportSpec, data: bytes, filename: str, user: Any, progress: Progress | None = None, estimated: int = 0
) -> ImportReport:
    """Validate every row of the file; if all are valid, save them in one transaction.

    Writes: the records (with history, reason "import <file>") and one ImportBatch. Nothing is
    written when any row is invalid, when the file was imported before, or when the user may not
    see a saved record afterwards.
    """
    sha256 = file_sha256(data)
    duplicate = find_duplicate_import(target=spec.target, sha256=sha256)
    if duplicate:
        return ImportReport(errors=[duplicate])
    try:
        table = read_table(data, filename)
        mapping, errors = map_columns(table.headers, spec.columns())
        if errors:
            return ImportReport(errors=errors)
        report = ImportReport()
        forms = _validate_rows(spec, table, mapping, user, report, progress, estimated)
    except TableFileError as exc:
        return file_error("unreadable_file", str(exc))
    if not report.ok:
        return report
    if report.rows == 0:
        report.add(0, "", "no_rows", _("The file has no data rows."))
        return report
    try:
        _commit(spec, forms, filename, user, report, sha256)
    except IntegrityError as exc:  # a uniqueness rule the forms could not see (two rows, one record)
        message = _("The rows conflict with each other or with existing records: %(error)s") % {"error": exc}
        return ImportReport(rows=report.rows, errors=[RowError(0, "", "conflict", message)])
    return report


def _commit(spec: ImportSpec, forms: list[tuple[int, ModelForm, bool]], filename: str, user: Any,
            report: ImportReport, sha256: str) -> None:  # fmt: skip
    with transaction.atomic():
        saved = []
        for _line, form, is_new in forms:
            obj = form.save(commit=False)
            obj._change_reason = _("import %(file)s") % {"file": filename}
            obj._history_user = user
            obj.save()
            form.save_m2m()
            saved.append((obj, is_new))
            report.created += is_new
            report.updated += not is_new
        ensure_visible(user, [obj for obj, is_new in saved if is_new], "add")
        ensure_visible(user, [obj for obj, is_new in saved if not is_new], "change")
        report.batch = ImportBatch.objects.create(
            target=spec.target, file_name=filename[:255], sha256=sha256, rows=report.rows,
            created=report.created, updated=report.updated, user=user,
        )  # fmt: skip


def count_rows(data: bytes, filename: str) -> int:
    """A cheap row count to decide between a direct import and a background job."""
    try:
        return sum(1 for _line, cells in read_table(data, filename).rows if any(cells))
    except TableFileError:
        return 0
