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

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from npgov.core.models import ImportBatch, Job
from npgov.core.numbers import clean_yes_no
from npgov.core.permissions import can, ensure_visible
from npgov.core.services.jobs import job_report_outside_transaction
from npgov.core.tabular import Table, TableFileError, estimate_rows, precheck, read_table
from npgov.core.uploads import DEFAULT, UploadLimits

# Above this many rows an upload runs as a background job with a progress bar.
ASYNC_ROW_THRESHOLD = 1000
MAX_REPORTED_ERRORS = 1000
MAX_REPORTED_CHANGES = 2000
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
    unchanged: int = 0
    # Each row's change (created / updated old → new / unchanged), the first MAX_REPORTED_CHANGES of them.
    changes: list[RowChange] = field(default_factory=list)

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

    def note(self, change: RowChange) -> None:
        """Record what a valid row does (counts ``unchanged``; keeps the first changes for the preview)."""
        if change.action == "unchanged":
            self.unchanged += 1
        if len(self.changes) < MAX_REPORTED_CHANGES:
            self.changes.append(change)

    def as_dict(self, *, changes: bool = False) -> dict[str, Any]:
        result = {
            "rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors], "error_count": self.error_count,
        }  # fmt: skip
        if changes:
            result["changes"] = [c.as_dict() for c in self.changes]
        return result


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
    limits: UploadLimits = DEFAULT  # caps on the file, stated on the upload page

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
                   required=form_field.required and form_field.initial in (None, ""),
                   help=_column_help(form_field))
            for name, form_field in self.form.base_fields.items()
        )  # fmt: skip


IMPORT_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    IMPORT_SPECS[spec.key] = spec
    return spec


def is_yes_no_field(form_field: forms.Field) -> bool:
    return isinstance(form_field, (forms.BooleanField, forms.NullBooleanField))


def is_number_field(form_field: forms.Field) -> bool:
    return isinstance(form_field, (forms.IntegerField, forms.FloatField, forms.DecimalField))


def _column_help(form_field: forms.Field) -> str:
    """The field's help, and how the importer reads a yes/no or a number in it."""
    parts = [str(form_field.help_text or "")]
    if is_yes_no_field(form_field):
        parts.append(_("Yes/no: 是/否, 是/不是, 有/无, yes/no, Y/N, true/false or 1/0; anything else is refused."))
    elif is_number_field(form_field):
        parts.append(_("Number: decimal point as a full stop (12.5); thousands separators (1,234.5) are allowed, "
                       "a decimal comma (12,5) is refused."))  # fmt: skip
    return " ".join(p for p in parts if p)


@dataclass
class RowChange:
    """What importing one row does: ``action`` is "create", "update" or "unchanged"; ``fields`` lists
    (column title, old value, new value) for an update, the values given for a new record."""

    row: int
    key: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key, "action": self.action,
                "fields": [{"column": c, "old": o, "new": n} for c, o, n in self.fields]}  # fmt: skip


def _display(value: Any, form_field: forms.Field | None = None) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (list, tuple, QuerySet)):
        return "、".join(str(item) for item in value) or "—"
    choices = getattr(form_field, "choices", None)
    if choices is not None and not isinstance(form_field, forms.ModelChoiceField):
        labels = {str(k): v for k, v in choices if not isinstance(v, (list, tuple))}
        return str(labels.get(str(value), value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _model_value(instance: Model, name: str) -> Any:
    """The current value of a record's field, as the preview shows it (before the form changes it)."""
    try:
        model_field = instance._meta.get_field(name)
    except Exception:  # a form-only field
        return getattr(instance, name, None)
    if model_field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    if getattr(model_field, "choices", None):
        return getattr(instance, f"get_{name}_display")()
    return getattr(instance, name, None)


def _pre_clean_yes_no(spec: ImportSpec, data: dict[str, Any], line: int, column_of: dict[str, str],
                      report: ImportReport) -> bool:  # fmt: skip
    """Yes/no cells read by the one strict rule (``clean_yes_no``) before the form sees them: Django's
    BooleanField would read "否", "no" and "0" as yes. Returns False when a cell is not yes or no."""
    ok = True
    for name, value in data.items():
        if not isinstance(value, str) or value == "" or not is_yes_no_field(spec.form.base_fields[name]):
            continue
        try:
            answer = clean_yes_no(value)
        except ValidationError as exc:
            report.add(line, column_of.get(name, name), exc.code or "invalid_yes_no", exc.messages[0])
            ok = False
            continue
        data[name] = "" if answer is None else ("true" if answer else "false")
    return ok


def _validate_rows(
    spec: ImportSpec, table: Table, mapping: dict[str, int], user: Any, report: ImportReport,
    progress: Progress | None, estimated: int,
) -> list[tuple[int, ModelForm, bool]]:  # fmt: skip
    headers = table.headers
    column_of = {name: headers[index] for name, index in mapping.items()}
    forms_: list[tuple[int, ModelForm, bool]] = []
    seen_keys: dict[str, int] = {}
    changeable = spec.model._default_manager.restrict(user, "change")
    may_add = can(user, spec.model, "add")
    base_fields = spec.form.base_fields
    defaults: dict[str, Any] | None = None
    for line, cells in table.rows:
        if not any(cells):
            continue
        report.rows += 1
        data = {name: (cells[index] if index < len(cells) else "") for name, index in mapping.items()}
        key = data.get(spec.key_field, "")
        if key and spec.key_normaliser is not None:
            key = data[spec.key_field] = spec.key_normaliser(key)
        existing = next(iter(spec.model._default_manager.filter(**{spec.key_field: key})[:1]), None) if key else None
        # An empty cell, like a left-out column, keeps the record's current value (the default for a new
        # record): importing the downloaded list back never blanks what the file leaves empty (issue #16).
        filled = {n for n, v in data.items() if v != ""}
        if existing is None:  # the defaults: the same for every new record
            current = defaults if defaults is not None else (defaults := _current_values(spec, None))
        else:
            current = _current_values(spec, existing)
        data = {**data, **{n: v for n, v in current.items() if n not in filled}}
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
        if not _pre_clean_yes_no(spec, data, line, column_of, report):
            continue
        form = spec.form(data=data, instance=existing)
        old: dict[str, Any] = {}
        changed: list[str] = []
        if existing is not None:
            changed = [name for name in spec.fields() if name in filled and _changes(form, name, current, data)]
            old = {name: _model_value(existing, name) for name in changed}
        form.changed_for_import = set(changed)  # type: ignore[attr-defined]
        form.filled_for_import = filled  # type: ignore[attr-defined]
        if form.is_valid():
            if existing is None:
                given = [(str(column_of.get(n, n)), "", _display(form.cleaned_data.get(n), base_fields[n]))
                         for n in spec.fields() if n in filled]  # fmt: skip
                report.note(RowChange(line, key, "create", given))
                forms_.append((line, form, True))
            elif changed:
                fields_ = [(str(column_of.get(n, n)), _display(old[n], base_fields[n]),
                            _display(form.cleaned_data.get(n), base_fields[n])) for n in changed]  # fmt: skip
                report.note(RowChange(line, key, "update", fields_))
                forms_.append((line, form, False))
            else:
                report.note(RowChange(line, key, "unchanged"))
        else:
            for name, form_errors in form.errors.as_data().items():
                for error in form_errors:
                    column = column_of.get(name, name if name != "__all__" else "")
                    for message in error.messages:
                        report.add(line, column, error.code or "invalid", message)
        if progress and report.rows % 200 == 0:
            progress(report.rows, max(estimated, report.rows))
    return forms_


def _current_values(spec: ImportSpec, instance: Model | None) -> dict[str, Any]:
    """Each field's value as a file would give it: the record's current one, or the default for a new record
    (what an empty cell or a left-out column keeps)."""
    unbound = spec.form(instance=instance)
    values = {}
    for name in spec.fields():
        value = unbound[name].value()
        if isinstance(unbound.fields[name], forms.ModelChoiceField) and value not in (None, ""):
            value = unbound.fields[name].prepare_value(value)  # records → their keys, as a file gives them
        values[name] = "" if value is None else value
    return values


def _changes(form: ModelForm, name: str, current: dict[str, Any], data: dict[str, Any]) -> bool:
    """Whether the file's cell changes the record's value (compared as the field reads both)."""
    try:
        return form.fields[name].has_changed(current[name], data[name])
    except (TypeError, ValueError):
        return True


def import_run(
    *, spec: ImportSpec, data: bytes, filename: str, user: Any, progress: Progress | None = None,
    estimated: int = 0, dry_run: bool = False,
) -> ImportReport:  # fmt: skip
    """Validate every row of the file; if all are valid, save them in one short transaction.

    ``dry_run``: validate only and return the report with each row's change (:attr:`ImportReport.changes`:
    created, updated with field old → new, unchanged) for a preview; nothing is written.

    Reading and validating run outside any transaction (only reads: on SQLite other requests keep
    writing); the write is one transaction after validation. Writes: the records that are new or change
    (with history, reason "import <file>") and one ImportBatch. Nothing is written when any row is
    invalid, when the file was imported before, or when the user may not see a saved record afterwards.
    """
    sha256 = file_sha256(data)
    duplicate = find_duplicate_import(target=spec.target, sha256=sha256)
    if duplicate:
        return ImportReport(errors=[duplicate])
    report = ImportReport()
    try:
        precheck(data, filename, limits=spec.limits)  # caps and malformed files: refused before any row is validated
        table = read_table(data, filename, limits=spec.limits)
        mapping, errors = map_columns(table.headers, spec.columns())
        if errors:
            return ImportReport(errors=errors)
        forms_ = _validate_rows(spec, table, mapping, user, report, progress, estimated or table.estimated_rows)
    except TableFileError as exc:
        report.add(exc.row, "", "unreadable_file", str(exc))
        report.created = report.updated = report.unchanged = 0
        return report
    if not report.ok:
        return report
    if report.rows == 0:
        report.add(0, "", "no_rows", _("The file has no data rows."))
        return report
    if dry_run:
        report.created = sum(1 for _line, _form, is_new in forms_ if is_new)
        report.updated = len(forms_) - report.created
        return report
    try:
        _commit(spec, forms_, filename, user, report, sha256)
    except IntegrityError as exc:  # a uniqueness rule the forms could not see (two rows, one record)
        message = _("The rows conflict with each other or with existing records: %(error)s") % {"error": exc}
        return ImportReport(rows=report.rows, errors=[RowError(0, "", "conflict", message)])
    return report


BULK_BATCH = 500


def _commit(spec: ImportSpec, forms_: list[tuple[int, ModelForm, bool]], filename: str, user: Any,
            report: ImportReport, sha256: str) -> None:  # fmt: skip
    """Write the validated rows in one transaction, kept short (SQLite has one writer: logins and other
    writes wait while it is open). Rows go in bulk with their history when the model and the form have no
    save() of their own; otherwise row by row."""
    reason = _("import %(file)s") % {"file": filename}
    with transaction.atomic():
        if _may_write_in_bulk(spec):
            new, changed = _write_in_bulk(spec, forms_, user, reason)
        else:
            new, changed = [], []
            for _line, form, is_new in forms_:
                obj = form.save(commit=False)
                obj._change_reason = reason
                obj._history_user = user
                obj.save()
                form.save_m2m()
                (new if is_new else changed).append(obj)
        report.created, report.updated = len(new), len(changed)
        _ensure_visible_in_bulk(user, new, "add")
        _ensure_visible_in_bulk(user, changed, "change")
        report.batch = ImportBatch.objects.create(
            target=spec.target, file_name=filename[:255], sha256=sha256, rows=report.rows,
            created=report.created, updated=report.updated, user=user,
        )  # fmt: skip


def _may_write_in_bulk(spec: ImportSpec) -> bool:
    """No save() of the model's or the form's own, whose work a bulk write would skip."""
    model_saves = {klass.__dict__.get("save") for klass in spec.model.__mro__ if klass is not Model}
    form_saves = {klass.__dict__.get("save") for klass in spec.form.__mro__
                  if klass.__module__.startswith("npgov")}  # fmt: skip
    return model_saves <= {None} and form_saves <= {None}


def _write_in_bulk(spec: ImportSpec, forms_: list[tuple[int, ModelForm, bool]], user: Any,
                   reason: str) -> tuple[list[Model], list[Model]]:  # fmt: skip
    from simple_history.exceptions import NotHistoricalModelError
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history, get_history_manager_for_model

    model = spec.model
    try:
        get_history_manager_for_model(model)
        historical = True
    except NotHistoricalModelError:
        historical = False
    new = [form.instance for _line, form, is_new in forms_ if is_new]
    changed = [form.instance for _line, form, is_new in forms_ if not is_new]
    many = {f.name for f in model._meta.many_to_many}
    form_fields = set(spec.fields())
    columns = [f.name for f in model._meta.concrete_fields if f.name in form_fields and not f.primary_key]
    now = timezone.now()
    for obj in changed:
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
    if hasattr(model, "updated_at") and "updated_at" not in columns:
        columns.append("updated_at")
    if historical:
        new = bulk_create_with_history(new, model, batch_size=BULK_BATCH, default_user=user,
                                       default_change_reason=reason) if new else []  # fmt: skip
        if changed and columns:
            bulk_update_with_history(changed, model, columns, batch_size=BULK_BATCH, default_user=user,
                                     default_change_reason=reason)  # fmt: skip
    else:
        new = model._default_manager.bulk_create(new, batch_size=BULK_BATCH) if new else []
        if changed and columns:
            model._default_manager.bulk_update(changed, columns, batch_size=BULK_BATCH)
    if many & form_fields:
        for _line, form, is_new in forms_:
            for name in many & form_fields:
                if name not in (form.filled_for_import if is_new else form.changed_for_import):  # type: ignore[attr-defined]
                    continue  # a new record starts with none; an existing one keeps its own
                getattr(form.instance, name).set(form.cleaned_data.get(name) or [])
    return new, changed


def _ensure_visible_in_bulk(user: Any, instances: list[Model], action: str) -> None:
    """:func:`ensure_visible` for many records of one model: one query per thousand records."""
    if not instances:
        return
    model = type(instances[0])
    pks = [obj.pk for obj in instances]
    for start in range(0, len(pks), 1000):
        chunk = pks[start : start + 1000]
        allowed = model._default_manager.restrict(user, action)  # type: ignore[attr-defined]
        visible = set(allowed.filter(pk__in=chunk).values_list("pk", flat=True))
        missing = [obj for obj in instances[start : start + 1000] if obj.pk not in visible]
        if missing:
            ensure_visible(user, missing[:1], action)  # raises, with the message for the first one


def count_rows(data: bytes, filename: str) -> int:
    """A cheap estimate of the data rows (never a parse of the whole file): kept for former callers."""
    return estimate_rows(data, filename)
