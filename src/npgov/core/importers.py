"""Bulk import of a model from CSV or Excel: parse → validate every row → report → commit all or nothing.

Each importable model declares an :class:`ImportSpec` (a ModelForm plus its natural key) and
registers it under a key. The same function serves the upload page, the background job for large
files and the command line, so the rules live once (DESIGN.md, "Imports").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.forms import ModelForm
from django.utils import translation
from django.utils.translation import gettext as _

from npgov.core.models import ImportBatch
from npgov.core.permissions import can, ensure_visible
from npgov.core.tabular import Table, TableFileError, read_table

# Above this many rows an upload runs as a background job with a progress bar.
ASYNC_ROW_THRESHOLD = 1000
MAX_REPORTED_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    row: int  # line in the file; the header is line 1
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "errors": [e.as_dict() for e in self.errors[:MAX_REPORTED_ERRORS]], "error_count": len(self.errors),
        }  # fmt: skip


@dataclass(frozen=True)
class ImportSpec:
    """How rows of one model are imported."""

    key: str
    model: type[Model]
    form_class: type[ModelForm]
    key_field: str  # natural key: a row whose key exists updates that record
    example: dict[str, str] = field(default_factory=dict)
    # Puts a key in canonical form before looking it up (a CAS RN typed with leading zeros);
    # returns the text unchanged when it cannot, so that the form reports the problem.
    key_normaliser: Callable[[str], str] | None = None

    @property
    def target(self) -> str:
        return self.model._meta.label_lower

    def fields(self) -> list[str]:
        return list(self.form_class.base_fields)

    def labels(self) -> dict[str, dict[str, str]]:
        """Column titles per language: the template uses the user's, the reader accepts any."""
        titles: dict[str, dict[str, str]] = {}
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                titles[lang] = {name: str(f.label or name) for name, f in self.form_class.base_fields.items()}
        return titles

    def header_map(self, headers: list[str]) -> tuple[dict[int, str], list[str]]:
        """Column index → field name, and the headers that match no field."""
        aliases: dict[str, str] = {}
        for name in self.fields():
            aliases[name.lower()] = name
        for titles in self.labels().values():
            for name, title in titles.items():
                aliases[title.lower()] = name
        mapping, unknown = {}, []
        for index, header in enumerate(headers):
            name = aliases.get(header.strip().lower())
            if name:
                mapping[index] = name
            elif header.strip():
                unknown.append(header)
        return mapping, unknown


IMPORT_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    IMPORT_SPECS[spec.key] = spec
    return spec


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _already_imported(spec: ImportSpec, sha256: str) -> RowError | None:
    batch = ImportBatch.objects.filter(target=spec.target, sha256=sha256).select_related("user").first()
    if batch is None:
        return None
    message = _("This file was already imported on %(date)s by %(user)s.") % {
        "date": f"{batch.created_at:%Y-%m-%d %H:%M}",
        "user": batch.user or "?",
    }
    return RowError(row=0, column="", message=message)


def _check_columns(spec: ImportSpec, table: Table) -> tuple[dict[int, str], list[RowError]]:
    mapping, unknown = spec.header_map(table.headers)
    errors = [RowError(1, header, _("Unknown column.")) for header in unknown]
    # A required field with a default (e.g. a choice with a default value) may be left out.
    required = [n for n, f in spec.form_class.base_fields.items() if f.required and f.initial in (None, "")]
    present = set(mapping.values())
    titles = spec.labels().get(translation.get_language() or "", spec.labels()["zh-hans"])
    for name in required:
        if name not in present:
            errors.append(RowError(1, titles.get(name, name), _("Required column is missing.")))
    return mapping, errors


def _validate_rows(
    spec: ImportSpec, table: Table, mapping: dict[int, str], user: Any, progress: Callable[[int], None] | None
) -> tuple[list[tuple[int, ModelForm, bool]], list[RowError], int]:
    headers = table.headers
    column_of = {name: headers[index] for index, name in mapping.items()}
    forms: list[tuple[int, ModelForm, bool]] = []
    errors: list[RowError] = []
    seen_keys: dict[str, int] = {}
    changeable = spec.model._default_manager.restrict(user, "change")
    may_add = can(user, spec.model, "add")
    count = 0
    for line, cells in table.rows:
        if not any(cells):
            continue
        count += 1
        data = {name: (cells[index] if index < len(cells) else "") for index, name in mapping.items()}
        key = data.get(spec.key_field, "")
        if key and spec.key_normaliser is not None:
            key = data[spec.key_field] = spec.key_normaliser(key)
        existing = spec.model._default_manager.filter(**{spec.key_field: key}).first() if key else None
        # Left-out columns, and empty cells of required fields, keep the current value or the default.
        filled = {n for n, v in data.items() if v != "" or not spec.form_class.base_fields[n].required}
        data = {**data, **_unchanged_values(spec, existing, filled)}
        if key and key in seen_keys:
            errors.append(RowError(line, column_of.get(spec.key_field, spec.key_field),
                                   _("Duplicate of row %(row)s in this file.") % {"row": seen_keys[key]}))  # fmt: skip
            continue
        seen_keys[key] = line
        if existing is not None and not changeable.filter(pk=existing.pk).exists():
            errors.append(RowError(line, column_of.get(spec.key_field, ""), _("You may not change this record.")))
            continue
        if existing is None and not may_add:
            errors.append(RowError(line, "", _("You may not add records of this kind.")))
            continue
        form = spec.form_class(data=data, instance=existing)
        if form.is_valid():
            forms.append((line, form, existing is None))
        else:
            for name, messages in form.errors.items():
                for message in messages:
                    errors.append(RowError(line, column_of.get(name, name if name != "__all__" else ""), message))
        if progress and count % 200 == 0:
            progress(count)
    return forms, errors, count


def _unchanged_values(spec: ImportSpec, instance: Model | None, present: set[str]) -> dict[str, Any]:
    """Values for the columns the file leaves out: the record's current ones, or the defaults for a new one."""
    unbound = spec.form_class(instance=instance)
    values = {}
    for name in spec.fields():
        if name not in present:
            value = unbound[name].value()
            values[name] = "" if value is None else value
    return values


def import_run(
    *, spec: ImportSpec, data: bytes, filename: str, user: Any, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Validate every row of the file; if all are valid, save them in one transaction.

    Writes: the records (with history, reason "import <file>") and one ImportBatch. Nothing is
    written when any row is invalid, when the file was imported before, or when the user may not
    see a saved record afterwards.
    """
    sha256 = file_sha256(data)
    duplicate = _already_imported(spec, sha256)
    if duplicate:
        return ImportResult(errors=[duplicate])
    try:
        table = read_table(data, filename)
    except TableFileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    mapping, errors = _check_columns(spec, table)
    if errors:
        return ImportResult(errors=errors)
    try:
        forms, errors, count = _validate_rows(spec, table, mapping, user, progress)
    except TableFileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    result = ImportResult(rows=count, errors=errors)
    if errors:
        return result
    if count == 0:
        result.errors.append(RowError(0, "", _("The file has no data rows.")))
        return result
    try:
        _commit(spec, forms, filename, user, result, sha256, count)
    except IntegrityError as exc:  # a uniqueness rule the forms could not see (two rows, one record)
        message = _("The rows conflict with each other or with existing records: %(error)s") % {"error": exc}
        return ImportResult(rows=count, errors=[RowError(0, "", message)])
    return result


def _commit(spec: ImportSpec, forms: list[tuple[int, ModelForm, bool]], filename: str, user: Any,
            result: ImportResult, sha256: str, count: int) -> None:  # fmt: skip
    with transaction.atomic():
        saved = []
        for _line, form, is_new in forms:
            obj = form.save(commit=False)
            obj._change_reason = _("import %(file)s") % {"file": filename}
            obj._history_user = user
            obj.save()
            form.save_m2m()
            saved.append((obj, is_new))
            result.created += is_new
            result.updated += not is_new
        ensure_visible(user, [obj for obj, is_new in saved if is_new], "add")
        ensure_visible(user, [obj for obj, is_new in saved if not is_new], "change")
        result.batch = ImportBatch.objects.create(
            target=spec.target, file_name=filename[:255], sha256=sha256, rows=count,
            created=result.created, updated=result.updated, user=user,
        )  # fmt: skip


def count_rows(data: bytes, filename: str) -> int:
    """A cheap row count to decide between a direct import and a background job."""
    try:
        return sum(1 for _line, cells in read_table(data, filename).rows if any(cells))
    except TableFileError:
        return 0


def template_rows(spec: ImportSpec) -> Iterator[list[str]]:
    """The header row of the import template in the user's language, and an example row."""
    titles = spec.labels().get(translation.get_language() or "", spec.labels()["zh-hans"])
    names = spec.fields()
    yield [titles[n] for n in names]
    if spec.example:
        yield [spec.example.get(n, "") for n in names]


def template_help_rows(spec: ImportSpec) -> Iterator[list[str]]:
    """One row per column: title, field name, required, help — the template's second sheet."""
    yield [_("column"), _("field"), _("required"), _("help")]
    for name, form_field in spec.form_class.base_fields.items():
        yield [str(form_field.label or name), name, _("yes") if form_field.required else _("no"),
               str(form_field.help_text or "")]  # fmt: skip
