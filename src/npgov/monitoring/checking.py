"""Checking a monitoring results file: the import's report and context, and the column-wise checks of each block.

Part of the monitoring importer: ``reading.py`` reads the file in blocks, this module checks them (site, time,
substance, unit, matrix, limits, value, duplicates within the file) and spools the valid rows, ``storing.py``
writes them, and ``importers.py`` runs the two passes (see its module doc).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.capacity.selectors import lab_ids_by_name
from npgov.core.choices import Matrix
from npgov.core.importers import ImportReport
from npgov.core.models import ImportBatch
from npgov.core.numbers import CONCENTRATION, field_range, number_error_message
from npgov.monitoring.choices import CANONICAL_UNIT, ImportFormat, QaFlag, Qualifier, default_matrix
from npgov.monitoring.fields import (
    ANALYTE,
    DATE_FORMATS,
    FIELD_BY_KEY,
    IGNORE,
    LOD_ROW_WORDS,
    LOQ_ROW_WORDS,
    MATRIX_WORDS,
    parse_sampling_time,
)
from npgov.monitoring.models import Result, Sample, Site
from npgov.monitoring.storing import (
    SAMPLE_KEY,
    SAMPLE_SCHEMA,
    CopyWriter,
    report_stored_duplicates,
)
from npgov.science.numbers import NumberError, NumberRange, normalise_text, parse_decimal, parse_float
from npgov.science.reported import QUALIFIERS, Kind, ReportedValueError, parse_reported, qualify
from npgov.science.units import UnitError, conversion
from npgov.substances.selectors import substance_resolve

EARLIEST_SAMPLE = datetime(1970, 1, 1, tzinfo=UTC)
# A number as people type it in ASCII (science.numbers' plain form): read column-wise; every other text
# (full-width digits, thousands separators, "<0.5", "ND" …) goes through science.numbers once per distinct text.
PLAIN_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
DEPTH_RANGE = NumberRange(0, 12_000, unit="m")  # the model's, until it declares one


@dataclass
class ResultsImportReport(ImportReport):
    """The pipeline's report with what a results import adds: the file, its format, samples and timings."""

    file_name: str = ""
    sha256: str = ""
    format: str = ""
    results: int = 0  # results written (or that would be, on a check); ``rows`` counts a wide row once
    samples_created: int = 0
    censored: int = 0
    committed: bool = False
    batch_id: int | None = None
    # Seconds by phase: read (parse the file), check, samples, write (hand to the database), copy (the
    # database loading, on its own thread with PostgreSQL), wait (for the last COPY at the end).
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    def as_dict(self, *, changes: bool = False) -> dict[str, Any]:
        return {
            "file_name": self.file_name, "sha256": self.sha256, "format": str(self.format), "rows": self.rows,
            "results": self.results, "samples_created": self.samples_created, "censored": self.censored,
            "committed": self.committed, "batch_id": self.batch_id, "error_count": self.error_count,
            "timings": {phase: round(seconds, 3) for phase, seconds in self.timings.items()},
            "errors": [e.as_dict() for e in sorted(self.errors, key=lambda e: (e.row, e.column))],
        }  # fmt: skip


# --- reading the file -----------------------------------------------------------------------------
@dataclass
class _Context:
    user: Any
    report: ResultsImportReport
    mapping: dict[str, str]
    fmt: str
    now: datetime
    sites: dict[str, tuple[int, str]] = field(default_factory=dict)  # code → (id, kind)
    hidden_sites: set[str] = field(default_factory=set)  # codes outside the user's scope
    labs: dict[str, int] = field(default_factory=dict)
    substance_cache: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    analytes: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # wide: header → substance
    column_limits: dict[str, dict[str, float]] = field(default_factory=lambda: {"lod": {}, "loq": {}})
    # Samples met so far (key, id, created by this import?): 100,000 samples take a few MB.
    sample_index: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SAMPLE_SCHEMA))
    seen_keys: list[pl.DataFrame] = field(default_factory=list)  # per batch: row key hashes and lines
    batch: ImportBatch | None = None
    spool: Path | None = None  # the folder where checked batches wait for the write
    spooled: list[Path] = field(default_factory=list)
    writing: bool = True
    writer: CopyWriter | None = None
    side: Any = None  # PostgreSQL: a second connection for lookups of committed rows
    touched: set[tuple[int, int, str, int]] = field(default_factory=set)  # series × local year written: to refresh

    def header_of(self, key: str) -> str:
        for header, mapped in self.mapping.items():
            if mapped == key:
                return header
        return str(FIELD_BY_KEY[key].label)


def _load_lookups(context: _Context) -> None:
    sites = Site.objects.all()
    visible = Site.objects.restrict(context.user, "add") if context.user is not None else sites
    visible_ids = set(visible.values_list("pk", flat=True))
    for pk, code, kind in sites.values_list("pk", "code", "kind"):
        if pk in visible_ids:
            context.sites[code] = (pk, kind)
            context.sites.setdefault(code.upper(), (pk, kind))
        else:
            context.hidden_sites.add(code)
    context.labs.update(lab_ids_by_name())


def _take_limit_rows(frame: pl.DataFrame, context: _Context) -> pl.DataFrame:
    """Read the LOD/LOQ rows of a wide file (first column holding 检出限 / LOD …) and drop them."""
    site_header = context.header_of("site")
    label = frame[site_header].str.strip_chars().str.to_lowercase()
    analyte_headers = [h for h, k in context.mapping.items() if k == ANALYTE]
    for kind, words in (("lod", LOD_ROW_WORDS), ("loq", LOQ_ROW_WORDS)):
        rows = frame.filter(label.is_in(list(words)))
        if rows.height == 0:
            continue
        row = rows.row(0, named=True)
        for header in analyte_headers:
            text = (row.get(header) or "").strip()
            try:
                number = parse_float(text)
                if number is None:
                    continue
                if number <= 0:
                    context.report.add(row["_line"], header, "invalid_limit", str(LIMIT_NOT_POSITIVE))
                    continue
                # in the unit of each row, converted later; a limit beyond the range in any unit is refused here
                CONCENTRATION.check(number)
            except NumberError as exc:
                context.report.add(row["_line"], header, "invalid_number", number_error_message(exc))
                continue
            context.column_limits[kind][header] = number
    return frame.filter(~label.is_in(list(LOD_ROW_WORDS | LOQ_ROW_WORDS)).fill_null(True))


def _resolve_analytes(context: _Context) -> None:
    """Each analyte column's substance, from its title; two columns of one substance are an error."""
    first_column: dict[int, str] = {}
    for header, key in context.mapping.items():
        if key != ANALYTE:
            continue
        substance_id, message = substance_resolve(header)
        if substance_id is None:
            context.report.add(1, header, "unknown_substance", message)
        elif substance_id in first_column:
            message = _("Columns %(first)s and %(second)s are the same substance: keep one of them.") % {
                "first": first_column[substance_id], "second": header}  # fmt: skip
            context.report.add(1, header, "duplicate_analyte", message)
            substance_id = None
        else:
            first_column[substance_id] = header
        context.analytes[header] = (substance_id, message)


def _to_long(frame: pl.DataFrame, context: _Context) -> pl.DataFrame:
    """The batch with one row per result and NPGov's field names; ``_column`` names the value's column."""
    ids = {h: k for h, k in context.mapping.items() if k not in (IGNORE, ANALYTE)}
    if context.fmt == ImportFormat.LONG:
        long = frame.select("_line", *[pl.col(h).alias(k) for h, k in ids.items()])
        long = long.with_columns(pl.lit(context.header_of("value")).alias("_column"))
    else:
        analytes = [h for h, k in context.mapping.items() if k == ANALYTE and context.analytes[h][0] is not None]
        base = frame.select("_line", *[pl.col(h).alias(k) for h, k in ids.items()], *analytes)
        long = base.unpivot(index=["_line", *ids.values()], on=analytes, variable_name="_column", value_name="value")
        long = long.filter(pl.col("value").is_not_null() & (pl.col("value").str.strip_chars() != ""))
        substance_of = {h: str(context.analytes[h][0]) for h in analytes}
        long = long.with_columns(
            pl.col("_column").replace_strict(substance_of, return_dtype=pl.String).alias("substance")
        )
        for kind in ("lod", "loq"):
            defaults = {h: context.column_limits[kind].get(h) for h in analytes}
            column_default = pl.col("_column").replace_strict(defaults, return_dtype=pl.Float64, default=None)
            if kind in long.columns:
                long = long.with_columns(pl.col(kind).alias(f"_{kind}_text"))
            else:
                long = long.with_columns(pl.lit(None, dtype=pl.String).alias(f"_{kind}_text"))
            long = long.with_columns(column_default.alias(f"_{kind}_default"))
        return long.sort("_line", maintain_order=True)
    for kind in ("lod", "loq"):
        text = pl.col(kind) if kind in long.columns else pl.lit(None, dtype=pl.String)
        long = long.with_columns(text.alias(f"_{kind}_text"), pl.lit(None, dtype=pl.Float64).alias(f"_{kind}_default"))
    return long


def _map_unique(series: pl.Series, lookup: Callable[[str], tuple[Any, str]], dtype: Any) -> tuple[pl.Series, pl.Series]:
    """Apply ``lookup`` (value → (result, error message)) once per distinct value of ``series``."""
    values: dict[str, Any] = {}
    errors: dict[str, str | None] = {}
    for item in series.drop_nulls().unique().to_list():
        result, error = lookup(item)
        values[item] = result
        errors[item] = error or None
    if not values:
        return pl.Series([None] * len(series), dtype=dtype), pl.Series([None] * len(series), dtype=pl.String)
    mapped = series.to_frame("k").select(
        v=pl.col("k").replace_strict(values, default=None, return_dtype=dtype),
        e=pl.col("k").replace_strict(errors, default=None, return_dtype=pl.String),
    )
    return mapped["v"], mapped["e"]


NAIVE_DATE_FORMATS = tuple(f for f in DATE_FORMATS if "%z" not in f)
LIMIT_NOT_POSITIVE = gettext_lazy("A limit must be greater than zero.")


def _number_lookup(text: str) -> tuple[float | None, str]:
    """A number as science.numbers reads it (full-width digits, thousands separators), or its error."""
    try:
        return parse_float(text), ""
    except NumberError as exc:
        return None, number_error_message(exc)


def _parse_numbers(text: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Numbers from text cells (null when empty or wrong) and an error message per wrong cell.

    Plain ASCII numbers are cast column-wise; the rest go through :func:`science.numbers.parse_float`
    once per distinct text. ``inf``, ``nan``, ``1e400`` and decimal commas are errors, never values.
    """
    plain = text.str.contains(PLAIN_NUMBER).fill_null(False)
    number = text.cast(pl.Float64, strict=False).zip_with(plain, pl.Series([None] * len(text), dtype=pl.Float64))
    errors = pl.Series([None] * len(text), dtype=pl.String)
    overflow = plain & ~number.is_finite().fill_null(True)
    if overflow.any():
        message = number_error_message(NumberError("too_large", "", text="\x00"))
        errors = errors.scatter(overflow.arg_true(), _message_around(message.replace("\x00", "%(text)s"),
                                                                     text.filter(overflow)))  # fmt: skip
        number = number.scatter(overflow.arg_true(), None)
    rest = text.is_not_null() & ~plain
    if rest.any():
        values, rest_errors = _map_unique(text.filter(rest), _number_lookup, pl.Float64)
        index = rest.arg_true()
        number = number.scatter(index, values)
        errors = errors.scatter(index, rest_errors)
    return number, errors


def _outside(values: pl.Series, number_range: NumberRange) -> pl.Series:
    """Where ``values`` (not null) are infinite or outside ``number_range``."""
    mask = ~values.is_finite()
    if number_range.minimum is not None:
        mask = mask | (values < number_range.minimum if number_range.minimum_inclusive
                       else values <= number_range.minimum)  # fmt: skip
    if number_range.maximum is not None:
        mask = mask | (values > number_range.maximum)
    return (values.is_not_null() & mask).fill_null(False)


def _message_around(template: str, values: pl.Series) -> pl.Series:
    """A translated message with ``%(text)s`` filled from each value, built column-wise."""
    before, _sep, after = (template % {"text": "\x00"}).partition("\x00")
    return before + values + after


def _parse_times(text: pl.Series, now: datetime) -> tuple[pl.Series, pl.Series]:
    """Sampling times in UTC (Beijing time unless the text has an offset) and an error per bad row.

    The usual formats are parsed column-wise; only the rest (offsets, fractions) go through Python,
    once per distinct text.
    """
    parsed = pl.Series([None] * len(text), dtype=pl.Datetime("us"))
    for fmt in NAIVE_DATE_FORMATS:
        if not (parsed.is_null() & text.is_not_null()).any():
            break
        parsed = parsed.fill_null(text.str.to_datetime(fmt, strict=False, time_unit="us"))
    local_zone = str(timezone.get_default_timezone())
    moments = parsed.dt.replace_time_zone(local_zone, ambiguous="earliest", non_existent="null").dt.convert_time_zone(
        "UTC"
    )
    rest = text.is_not_null() & moments.is_null()
    if rest.any():
        fallback, _errors = _map_unique(
            text.filter(rest), lambda v: (parse_sampling_time(v), ""), pl.Datetime("us", "UTC")
        )
        moments = moments.scatter(rest.arg_true(), fallback)
    moments = moments.dt.truncate("1s")
    unreadable = text.is_not_null() & moments.is_null()
    bounds = moments.to_frame("m").select(
        future=(pl.col("m") > now).fill_null(False), early=(pl.col("m") < EARLIEST_SAMPLE).fill_null(False)
    )
    future, early = bounds["future"], bounds["early"]
    errors = pl.Series([None] * len(text), dtype=pl.String)
    for mask, template in (
        (unreadable, _("%(text)s is not a date: write 2025-06-18 or 2025-06-18 09:30.")),
        (future, _("%(text)s is in the future.")),
        (early, _("%(text)s is before 1970: check the year.")),
    ):
        if mask.any():
            errors = errors.scatter(mask.arg_true(), _message_around(template, text.filter(mask)))
    return moments, errors


def _import_batch(frame: pl.DataFrame, context: _Context) -> None:
    long = _to_long(frame, context)
    if long.height == 0:
        return
    errors: list[pl.DataFrame] = []

    def flag(
        mask: pl.Series, field_key: str, code: str, message: pl.Series | str, *, value_column: bool = False
    ) -> None:
        """Record an error (``code``: its RowError code) on every row where ``mask`` holds; the column is the
        file's title for the field."""
        mask = mask.fill_null(False)
        if not mask.any():
            return
        lines = long["_line"].filter(mask)
        if value_column:  # the value's column: in a wide file, the analyte's
            headers = long["_column"].filter(mask)
        else:
            title = (
                context.header_of(field_key)
                if field_key in context.mapping.values()
                else str(FIELD_BY_KEY[field_key].label)
            )
            headers = pl.Series([title] * len(lines), dtype=pl.String)
        messages = (
            message.filter(mask)
            if isinstance(message, pl.Series)
            else pl.Series([message] * len(lines), dtype=pl.String)
        )
        codes = pl.Series([code] * len(lines), dtype=pl.String)
        errors.append(pl.DataFrame({"_line": lines, "_header": headers, "_code": codes,
                                    "_message": messages.cast(pl.String)}))  # fmt: skip

    names = ("site", "sampled_at", "substance", "value", "unit", "matrix", "depth_m", "lab", "method", "sample_code",
             "qa_flags", "_lod_text", "_loq_text")  # fmt: skip
    stripped = long.select(  # one pass, the columns in parallel
        pl.col(name).str.strip_chars() if name in long.columns else pl.lit(None, dtype=pl.String).alias(name)
        for name in names
    )
    text = {name: stripped[name] for name in names}

    # Site, and the matrix its kind implies.
    def site_lookup(code: str) -> tuple[Any, str]:
        found = context.sites.get(code) or context.sites.get(code.upper())
        if found:
            return found[0], ""
        if code in context.hidden_sites:
            return None, _("Site %(code)s is outside your scope.") % {"code": code}
        return None, _("Site %(code)s is not a monitoring site: add it to the site list first.") % {"code": code}

    site_id, site_error = _map_unique(text["site"], site_lookup, pl.Int64)
    kind_of = {code: kind for code, (_pk, kind) in context.sites.items()}
    kind_by_id = {pk: kind for pk, kind in context.sites.values()}
    # from the resolved site, not the text: "dl-dw-01" resolves through its upper case
    site_kind = (
        site_id.replace_strict(kind_by_id, default=None, return_dtype=pl.String)
        if kind_by_id
        else (pl.Series([None] * len(site_id), dtype=pl.String))
    )
    flag(text["site"].is_null(), "site", "required", _("Required."))
    flag(site_error.is_not_null(), "site", "unknown_site", site_error)

    # Sampling time.
    sampled_at, time_error = _parse_times(text["sampled_at"], context.now)
    flag(text["sampled_at"].is_null(), "sampled_at", "required", _("Required."))
    flag(time_error.is_not_null(), "sampled_at", "invalid_date", time_error)

    # Substance (a wide file's analyte columns were resolved once, from their headers).
    if context.fmt == ImportFormat.LONG:

        def substance_lookup(value: str) -> tuple[Any, str]:
            if value not in context.substance_cache:
                context.substance_cache[value] = substance_resolve(value)
            return context.substance_cache[value]

        substance_id, substance_error = _map_unique(text["substance"], substance_lookup, pl.Int64)
        flag(text["substance"].is_null(), "substance", "required", _("Required."))
        flag(substance_error.is_not_null(), "substance", "unknown_substance", substance_error)
    else:
        substance_id = text["substance"].cast(pl.Int64)

    # Matrix: as written, else the site kind's usual one.
    def matrix_lookup(value: str) -> tuple[Any, str]:
        key: str | None = MATRIX_WORDS.get(value) or MATRIX_WORDS.get(value.lower())
        if key is None and value in CANONICAL_UNIT:
            key = value
        if key is None:
            return None, _("Unknown matrix %(text)s: write 水, 沉积物, 土壤, 生物 or 空气.") % {"text": value}
        return str(key), ""

    matrix, matrix_error = _map_unique(text["matrix"], matrix_lookup, pl.String)
    defaults = {kind: str(default_matrix(kind)) for kind in set(kind_of.values())}
    if defaults:
        matrix = matrix.fill_null(site_kind.replace_strict(defaults, default=None, return_dtype=pl.String))
    flag(matrix_error.is_not_null(), "matrix", "unknown_matrix", matrix_error)

    # Unit, converted for the matrix.
    unit_key = text["unit"].fill_null("") + "\x1f" + matrix.fill_null("")

    def unit_lookup(value: str) -> tuple[Any, str]:
        unit, matrix_code = value.split("\x1f")
        if not unit or not matrix_code:
            return None, ""  # reported as missing unit, or follows from a bad site/matrix
        try:
            return conversion(unit, matrix_code).factor, ""
        except UnitError as exc:
            if exc.code == "basis":
                return None, _(
                    "%(unit)s is on the wrong basis for %(matrix)s (ng/g dw for sediment and soil, ng/g ww for biota)."
                ) % {"unit": unit, "matrix": Matrix(matrix_code).label}
            if exc.code == "dimension":
                return None, _("%(unit)s is not a concentration unit for %(matrix)s (canonical: %(canonical)s).") % {
                    "unit": unit,
                    "matrix": Matrix(matrix_code).label,
                    "canonical": CANONICAL_UNIT[matrix_code],
                }
            return None, _("Unknown unit %(unit)s: write e.g. ng/L, µg/L, mg/L, ng/g dw, µg/kg or ng/m³.") % {
                "unit": unit
            }

    factor, unit_error = _map_unique(unit_key, unit_lookup, pl.Float64)
    flag(text["unit"].is_null(), "unit", "required", _("Required."))
    flag(unit_error.is_not_null(), "unit", "invalid_unit", unit_error)

    # Laboratory.
    def lab_lookup(value: str) -> tuple[Any, str]:
        if value in context.labs:
            return context.labs[value], ""
        return None, _("Laboratory %(name)s is not registered: add it under capacity → laboratories.") % {"name": value}

    lab_id, lab_error = _map_unique(text["lab"], lab_lookup, pl.Int64)
    flag(lab_error.is_not_null(), "lab", "unknown_lab", lab_error)

    # Numbers (science.numbers' rules): limits and depth.
    numbers = {}
    for name, key in (("_lod_text", "lod"), ("_loq_text", "loq"), ("depth_m", "depth_m")):
        parsed, number_error = _parse_numbers(text[name])
        flag(number_error.is_not_null(), key, "invalid_number", number_error)
        numbers[key] = parsed
    for key in ("lod", "loq"):
        flag((numbers[key] <= 0).fill_null(False), key, "invalid_limit", str(LIMIT_NOT_POSITIVE))
    depth_range = field_range(Sample, "depth_m") or DEPTH_RANGE
    bad_depth = _outside(numbers["depth_m"], depth_range)
    if bad_depth.any():
        _values, depth_error = _map_unique(text["depth_m"].filter(bad_depth),
                                           lambda v: (None, _range_message(depth_range, v)), pl.Float64)  # fmt: skip
        flag(bad_depth, "depth_m", "out_of_range", pl.Series([None] * long.height, dtype=pl.String).scatter(
            bad_depth.arg_true(), depth_error))  # fmt: skip
    lod = numbers["lod"].fill_null(long["_lod_default"])
    loq = numbers["loq"].fill_null(long["_loq_default"])
    flag((lod > loq).fill_null(False), "lod", "limit_order", _("The LOD cannot exceed the LOQ."))

    # The value: a number, a non-detect, or not analysed.
    value_text = text["value"]
    plain = value_text.str.contains(PLAIN_NUMBER).fill_null(False)
    number = value_text.cast(pl.Float64, strict=False).zip_with(plain, pl.Series([None] * long.height,
                                                                                 dtype=pl.Float64))  # fmt: skip
    overflow = plain & ~number.is_finite().fill_null(True)  # 1e400
    number = number.zip_with(~overflow, pl.Series([None] * long.height, dtype=pl.Float64))
    special = value_text.is_not_null() & ~plain

    def value_lookup(value: str) -> tuple[Any, str]:
        try:  # full-width digits, thousands separators; a decimal comma is refused, never guessed
            exact = parse_decimal(value)
        except NumberError as exc:
            if exc.code != "invalid_number":
                return None, number_error_message(exc)
        else:
            if exact is None:  # spaces only
                return None, _("Required: write NA if the substance was not analysed.")
            if exact < 0:
                return None, _("A concentration cannot be negative.")
            return f"{Kind.NUMBER.value}\x1f{float(exact)!r}", ""
        try:
            parsed = parse_reported(normalise_text(value))
        except ReportedValueError as exc:
            if exc.code == "negative":
                return None, _("A concentration cannot be negative.")
            return None, _("%(text)s is not a value: write a number, <0.5, 0.5L, ND or NA.") % {"text": value}
        if parsed.number is not None:
            if not math.isfinite(parsed.number):
                return None, number_error_message(NumberError("too_large", "", text=value))
            if parsed.kind == Kind.BELOW and parsed.number <= 0:
                return None, _("%(text)s: the limit of a non-detect must be greater than zero.") % {"text": value}
        return f"{parsed.kind}\x1f{'' if parsed.number is None else parsed.number!r}", ""

    special_values = value_text.filter(special)
    kind_code, value_error = _map_unique(special_values, value_lookup, pl.String)
    kind = pl.Series([Kind.NUMBER.value] * long.height, dtype=pl.String)
    below_at = pl.Series([None] * long.height, dtype=pl.Float64)
    error_text = pl.Series([None] * long.height, dtype=pl.String)
    if overflow.any():
        message = number_error_message(NumberError("too_large", "", text="\x00")).replace("\x00", "%(text)s")
        error_text = error_text.scatter(overflow.arg_true(), _message_around(message, value_text.filter(overflow)))
    if special_values.len():
        index = special.arg_true()
        split = kind_code.str.split_exact("\x1f", 1).struct.rename_fields(["k", "n"]).struct.unnest()
        special_kind = split["k"].fill_null("")
        special_number = split["n"].cast(pl.Float64, strict=False)
        kind = kind.scatter(index, special_kind)
        below_at = below_at.scatter(
            index,
            special_number.zip_with(special_kind == Kind.BELOW.value, pl.Series([None] * len(index), dtype=pl.Float64)),
        )
        number = number.scatter(
            index,
            special_number.zip_with(
                special_kind == Kind.NUMBER.value, pl.Series([None] * len(index), dtype=pl.Float64)
            ),
        )
        error_text = error_text.scatter(index, value_error)
    flag(
        value_text.is_null(),
        "value",
        "required",
        _("Required: write NA if the substance was not analysed."),
        value_column=True,
    )
    flag(error_text.is_not_null(), "value", "invalid_value", error_text, value_column=True)
    flag((number < 0).fill_null(False), "value", "negative", _("A concentration cannot be negative."),
         value_column=True)  # fmt: skip
    flag((kind == Kind.BELOW_LOD) & lod.is_null(), "value", "missing_limit",
         _("A non-detect needs its detection limit: fill the LOD column or write <LOD value, e.g. <0.5."),
         value_column=True)  # fmt: skip
    flag((kind == Kind.BELOW_LOQ) & loq.is_null(), "value", "missing_limit",
         _("'< LOQ' needs the quantification limit: fill the LOQ column or write <LOQ value, e.g. <1."),
         value_column=True)  # fmt: skip

    # After conversion to the matrix's canonical unit, within the model's declared range.
    value_range = field_range(Result, "value") or CONCENTRATION
    canonical = matrix.replace_strict(CANONICAL_UNIT, default=None, return_dtype=pl.String)
    for key, reported, shown, range_of in (
        ("value", number.fill_null(below_at), value_text, value_range),
        ("lod", lod, text["_lod_text"].fill_null(lod.cast(pl.String)), field_range(Result, "lod") or value_range),
        ("loq", loq, text["_loq_text"].fill_null(loq.cast(pl.String)), field_range(Result, "loq") or value_range),
    ):
        converted = reported * factor
        # the minimum (zero, or above zero for a limit) was checked on the number as written
        bad = _outside(converted, NumberRange(None, range_of.maximum))
        if key == "value":
            bad = bad & (kind != Kind.NOT_ANALYSED.value)
        if bad.any():
            messages = [
                _conversion_message(range_of, shown_text, unit, value, canonical_unit)
                for shown_text, unit, value, canonical_unit in zip(
                    shown.filter(bad), text["unit"].filter(bad), converted.filter(bad), canonical.filter(bad),
                    strict=True,
                )
            ]  # fmt: skip
            all_messages = pl.Series([None] * long.height, dtype=pl.String).scatter(
                bad.arg_true(), pl.Series(messages, dtype=pl.String)
            )
            flag(bad, key, "out_of_range", all_messages, value_column=key == "value")

    # Free text lengths.
    for name, limit in (("method", 100), ("sample_code", 60), ("qa_flags", 150)):
        flag((text[name].str.len_chars() > limit).fill_null(False), name, "too_long",
             _("Longer than %(n)s characters.") % {"n": limit})  # fmt: skip
    flag((value_text.str.len_chars() > 40).fill_null(False), "value", "too_long",
         _("Longer than %(n)s characters.") % {"n": 40}, value_column=True)  # fmt: skip
    flag((text["unit"].str.len_chars() > 20).fill_null(False), "unit", "too_long",
         _("Longer than %(n)s characters.") % {"n": 20})  # fmt: skip

    rows = pl.DataFrame({
        "_line": long["_line"], "_column": long["_column"], "site_id": site_id, "sampled_at": sampled_at,
        "substance_id": substance_id, "matrix": matrix, "depth_m": numbers["depth_m"], "lab_id": lab_id,
        "method": text["method"].fill_null(""), "sample_code": text["sample_code"].fill_null(""),
        "value_reported": value_text, "unit_reported": text["unit"], "factor": factor, "kind": kind,
        "number": number, "below_at": below_at, "lod_raw": lod, "loq_raw": loq,
        "file_flags": text["qa_flags"].fill_null(""),
    })  # fmt: skip
    bad_lines = pl.concat(errors).get_column("_line").unique() if errors else pl.Series([], dtype=pl.Int64)
    valid = rows.filter(
        ~pl.col("_line").is_in(bad_lines.implode())
        & pl.col("site_id").is_not_null()
        & pl.col("matrix").is_not_null()
        & pl.col("factor").is_not_null()
    )

    # Duplicates within the file (same sample and substance), then against the database.
    valid = _flag_duplicates(valid, context, errors)
    if errors:  # a wide row's bad site or date is found once per analyte: report it once
        for line, header, code, message in pl.concat(errors).unique(maintain_order=True).iter_rows():
            context.report.add(line, header, code, message)
    if not context.report.ok:
        context.writing = False
    if valid.height == 0:
        return
    report_stored_duplicates(valid, context)  # rows already in the database (read only)
    if not context.writing or not context.report.ok:  # nothing more will be stored: no need to prepare rows
        context.writing = False
        return
    with context.report.timed("check"):
        valid = _normalise(valid)
    assert context.spool is not None
    spooled = context.spool / f"batch-{len(context.spooled):05d}.arrow"
    valid.write_ipc(spooled, compression="lz4")
    context.spooled.append(spooled)
    context.report.results += valid.height
    context.report.censored += valid.filter(
        pl.col("qualifier").is_in([Qualifier.BELOW_LOD.value, Qualifier.BELOW_LOQ.value])
    ).height


def _range_message(number_range: NumberRange, text: str) -> str:
    try:
        number_range.check(float(text))
    except (NumberError, ValueError) as exc:
        return number_error_message(exc) if isinstance(exc, NumberError) else str(exc)
    return ""


def _conversion_message(number_range: NumberRange, text: str, unit: str, value: float, canonical: str) -> str:
    return _("%(text)s %(unit)s is out of range: it is %(value)s %(canonical)s, and at most %(limit)s %(canonical)s "
             "is accepted.") % {"text": text, "unit": unit, "canonical": canonical,
                                "value": f"{value:g}" if math.isfinite(value) else "∞",
                                "limit": f"{number_range.maximum:g}"}  # fmt: skip


def _duplicates(rows: pl.DataFrame) -> pl.DataFrame:
    """Error rows for duplicates; ``_first`` is the row each repeats."""
    template = _("Duplicate of row %(row)s: same site, time, matrix, depth, lab and substance.")
    before, _sep, after = (template % {"row": "\x00"}).partition("\x00")
    return rows.select(
        "_line",
        pl.col("_column").alias("_header"),
        pl.lit("duplicate_row").alias("_code"),
        (pl.lit(before) + pl.col("_first").cast(pl.String) + pl.lit(after)).alias("_message"),
    )


def _flag_duplicates(valid: pl.DataFrame, context: _Context, errors: list[pl.DataFrame]) -> pl.DataFrame:
    """Drop and report rows that repeat an earlier row of the file (same sample key and substance).

    Keys are 64-bit hashes of (site, time, matrix, depth, lab, substance): 16 bytes a row with the
    line number, not the rows; a batch is checked against earlier batches with one hash-set probe.
    """
    if valid.height == 0:
        return valid
    keyed = valid.with_columns(pl.struct(*SAMPLE_KEY, "substance_id").hash(seed=7).alias("_key"))
    first_line = keyed.group_by("_key").agg(pl.col("_line").min().alias("_first"))
    keyed = keyed.join(first_line, on="_key", how="left", maintain_order="left")
    within = keyed.filter(pl.col("_line") != pl.col("_first"))
    if within.height:
        errors.append(_duplicates(within))
    keyed = keyed.filter(pl.col("_line") == pl.col("_first")).drop("_first")
    if context.seen_keys:
        prior = pl.concat(context.seen_keys, rechunk=False)
        hits = prior.filter(pl.col("_key").is_in(keyed["_key"].implode())).rename({"_line": "_first"})
        if hits.height:
            repeated = keyed.join(hits, on="_key", how="inner")
            errors.append(_duplicates(repeated))
            keyed = keyed.filter(~pl.col("_key").is_in(hits["_key"].implode()))
    context.seen_keys.append(keyed.select("_key", "_line"))
    return keyed.drop("_key")


def _normalise(valid: pl.DataFrame) -> pl.DataFrame:
    """Qualifier (science's non-detect rule, on whole columns) and the values in the matrix's canonical unit."""

    def floats(name: str) -> np.ndarray:
        return valid[name].fill_null(np.nan).to_numpy()

    qualified = qualify(kind=valid["kind"].to_numpy(), number=floats("number"), below_at=floats("below_at"),
                        lod=floats("lod_raw"), loq=floats("loq_raw"))  # fmt: skip
    qualifier = pl.Series(qualified.qualifier).replace_strict(dict(enumerate(QUALIFIERS)), return_dtype=pl.String)
    below_lod = pl.Series(qualified.below_lod_reported)
    limit_differs = pl.Series(qualified.limit_differs)
    # concat_str skips nulls: a row without flags gets "" (list functions would cost ten times more)
    flags = pl.concat_str(
        pl.when(pl.col("file_flags") != "").then(pl.col("file_flags")),
        pl.when(pl.lit(below_lod)).then(pl.lit(QaFlag.BELOW_LOD_REPORTED.value)),
        pl.when(pl.lit(limit_differs)).then(pl.lit(QaFlag.LIMIT_DIFFERS.value)),
        separator=",",
        ignore_nulls=True,
    ).fill_null("")
    return valid.with_columns(
        qualifier=qualifier,
        value=pl.lit(pl.Series(qualified.value).fill_nan(None)) * pl.col("factor"),
        lod=pl.col("lod_raw") * pl.col("factor"),
        loq=pl.col("loq_raw") * pl.col("factor"),
        qa_flags=flags.str.slice(0, 200),
    )
