"""Writes of product sampling and import/export checks.

- ``product_limits_load``: the shipped categories and content limits (reference data, idempotent);
- ``sample_evaluate``: judge a sample's results against the limits of its category, store the verdicts
  with the limit and standard applied, and open (or resolve) compliance findings for the producer;
- ``product_result_save`` and ``product_results_import``: one result from a form, or a lab's file
  validated row by row and committed all or nothing;
- ``trade_check_release_notice_error`` and ``trade_check_saved``: the release-notice rule of CN-SRTC
  and the finding of a violation.

A finding names the list measure when there is one: a product finding uses the substance's
``product_content_limit`` measure, a trade finding its release-notice, ban or restriction measure of the
direction; where the substance has none the finding stands on the limit's standard alone. Limits not
verified (values from memory) decide verdicts, shown with a warning, but never open a finding.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.compliance.choices import ACTIVE_STATUSES, DUE_DAYS, FindingStatus, Severity
from npgov.compliance.models import Finding
from npgov.compliance.services import finding_reopen
from npgov.core.importers import ImportResult, RowError, file_sha256
from npgov.core.models import ImportBatch
from npgov.core.permissions import ensure_visible
from npgov.core.tabular import TableFileError, read_table
from npgov.enforcement import selectors_products as selectors
from npgov.enforcement.models import ContentLimit, ProductCategory, ProductResult, ProductSample, TradeCheck
from npgov.enforcement.models.products import (
    MG_PER_KG,
    LimitBasis,
    MassUnit,
    Measurement,
    SampleVerdict,
    Verdict,
    plain_number,
)
from npgov.enforcement.models.trade import TradeDirection, TradeResult, ViolationKind
from npgov.science.identifiers import normalise_cas
from npgov.science.reported import Kind, ReportedValueError, parse_reported
from npgov.substances.models import Substance

DATA = Path(__file__).resolve().parent / "data"
RESULTS_TARGET = "enforcement.productresult"
LOAD_REASON = "加载内置产品限量数据 (npgov reference)"
# A sum of floats (0.07 % + 0.03 % as mg/kg) must not fail a limit it only equals.
TOLERANCE = 1e-9


# --- reference data -------------------------------------------------------------------------------
@transaction.atomic
def product_limits_load(*, folder: Path = DATA) -> dict[str, int]:
    """Create or update the shipped categories and content limits; add the few substances they need.

    Idempotent: rows are matched by category code and limit key, and saved only when they changed.
    Substances are created when missing, never changed (the registry owns them). Returns counts.
    """
    counts = {"categories": _categories_load(folder / "product_categories.yaml"),
              "substances_added": _limit_substances_load(folder / "limit_substances.csv")}  # fmt: skip
    created = updated = unlinked = 0
    with (folder / "content_limits.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            outcome, missing = _limit_load(row)
            created += outcome == "created"
            updated += outcome == "updated"
            unlinked += missing
    # CAS RNs the registry does not hold stay unlinked: the limit is then not applied to them.
    return {**counts, "limits_created": created, "limits_updated": updated, "cas_not_in_registry": unlinked}


def _categories_load(path: Path) -> int:
    changed = 0
    position = 0
    for top in yaml.safe_load(path.read_text(encoding="utf-8"))["categories"]:
        position += 10
        parent = _category_save(top, None, position)
        changed += parent[1]
        for child in top.get("children", []):
            position += 1
            changed += _category_save(child, parent[0], position)[1]
    return changed


def _category_save(data: dict[str, Any], parent: ProductCategory | None, position: int) -> tuple[ProductCategory, bool]:
    values = {"name_zh": data["name_zh"], "name_en": data.get("name_en", ""), "parent": parent,
              "description": data.get("description", ""), "position": position}  # fmt: skip
    category = ProductCategory.objects.filter(code=data["code"]).first() or ProductCategory(code=data["code"])
    if category.pk and all(getattr(category, k) == v for k, v in values.items()):
        return category, False
    for key, value in values.items():
        setattr(category, key, value)
    category.full_clean()
    category._change_reason = LOAD_REASON
    category.save()
    return category, True


def _limit_substances_load(path: Path) -> int:
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if Substance.objects.filter(cas=row["cas"]).exists():
                continue
            substance = Substance(
                cas=row["cas"], name_zh=row["name_zh"], name_en=row["name_en"], kind=row["kind"],
                synonyms="\n".join(s.strip() for s in row["synonyms"].split("|") if s.strip()), source=row["source"],
            )  # fmt: skip
            substance.full_clean()
            substance._change_reason = LOAD_REASON
            substance.save()
            added += 1
    return added


def _limit_load(row: dict[str, str]) -> tuple[str, int]:
    category = ProductCategory.objects.get(code=row["category"]) if row["category"] else None
    values = {
        "category": category, "substance_text": row["substance_text"], "basis": row["basis"] or LimitBasis.EACH,
        "measurement": row["measurement"] or Measurement.CONTENT,
        "limit_value": float(row["limit_value"]) if row["limit_value"].strip() else None, "unit": row["unit"],
        "basis_text": row["basis_text"], "standard": row["standard"], "standard_title": row["standard_title"],
        "source": row["source"], "verified": row["verified"].strip().lower() == "true",
        "active": row["active"].strip().lower() == "true", "note": row["note"],
    }  # fmt: skip
    cas_numbers = [normalise_cas(c) for c in row["cas"].split(";") if c.strip()]
    substance_ids = set(Substance.objects.filter(cas__in=cas_numbers).values_list("pk", flat=True))
    missing = len(cas_numbers) - len(substance_ids)
    limit = ContentLimit.objects.filter(key=row["key"]).first()
    if limit is not None and all(getattr(limit, k) == v for k, v in values.items()):
        if set(limit.substances.values_list("pk", flat=True)) == substance_ids:
            return "unchanged", missing
    outcome = "updated" if limit else "created"
    limit = limit or ContentLimit(key=row["key"])
    for key, value in values.items():
        setattr(limit, key, value)
    limit.full_clean()
    limit._change_reason = LOAD_REASON
    limit.save()
    limit.substances.set(substance_ids)
    return outcome, missing


# --- judging results (plain Python: no database) --------------------------------------------------
@dataclass(frozen=True)
class LimitSpec:
    pk: int
    substance_ids: frozenset[int]
    basis: str
    measurement: str
    limit_mg_kg: float


@dataclass(frozen=True)
class ResultSpec:
    pk: int
    substance_id: int
    measurement: str
    mg_kg: float  # 0 for a non-detect


@dataclass(frozen=True)
class Judgement:
    limit: int
    failed: bool
    compared_mg_kg: float

    def ratio(self, limits: dict[int, LimitSpec]) -> float:
        return self.compared_mg_kg / limits[self.limit].limit_mg_kg


def judge(results: list[ResultSpec], limits: list[LimitSpec]) -> dict[int, Judgement | None]:
    """For each result, the judgement that decides it: a failing limit first, else the one it comes closest to.

    A "sum" limit compares the sum of the sample's results for its substances (non-detects add 0) and
    judges every one of those results by it; an "each" limit compares each result alone. A value equal
    to the limit passes ("not more than"). Only results measured the way the limit is (content or
    migration) are compared.
    """
    by_result: dict[int, list[Judgement]] = {r.pk: [] for r in results}
    for limit in limits:
        members = [r for r in results if r.substance_id in limit.substance_ids and r.measurement == limit.measurement]
        if limit.basis == LimitBasis.SUM:
            total = math.fsum(r.mg_kg for r in members)
            compared = [(r, total) for r in members]
        else:
            compared = [(r, r.mg_kg) for r in members]
        for result, value in compared:
            failed = value - limit.limit_mg_kg > TOLERANCE * limit.limit_mg_kg
            by_result[result.pk].append(Judgement(limit=limit.pk, failed=failed, compared_mg_kg=value))
    specs = {limit.pk: limit for limit in limits}
    return {
        pk: max(judgements, key=lambda j: (j.failed, j.ratio(specs)), default=None)
        for pk, judgements in by_result.items()
    }


def _significant(value: float) -> float:
    """Drop binary noise (0.12000000000000001 → 0.12) from a value shown to people."""
    return float(f"{value:.10g}")


# --- evaluating a sample --------------------------------------------------------------------------
def sample_evaluate(*, sample: ProductSample, today: date | None = None) -> str:
    """Judge every result of the sample; store verdicts and the limits applied; sync compliance findings.

    Writes (only what changed, with history): each result's verdict and limit snapshot, the sample's
    verdict, and findings of the producer (see ``_sync_findings``). Returns the sample's verdict.
    """
    results = list(sample.results.select_related("substance").order_by("pk"))
    limits = {limit.pk: limit for limit in selectors.applicable_limits(category=sample.category)}
    specs = [
        LimitSpec(pk=limit.pk, substance_ids=frozenset(s.pk for s in limit.substances.all()), basis=limit.basis,
                  measurement=limit.measurement, limit_mg_kg=limit.limit_mg_kg or 0.0)
        for limit in limits.values()
    ]  # fmt: skip
    judged = judge([ResultSpec(r.pk, r.substance_id, r.measurement, r.value_mg_kg) for r in results], specs)
    for result in results:
        _store_verdict(result, judged[result.pk], limits)
    verdict = _sample_verdict([r.verdict for r in results])
    if sample.verdict != verdict:
        sample.verdict = verdict
        sample._change_reason = "verdict"
        sample.save(update_fields=["verdict", "updated_at"])
    _sync_findings(sample, results, today or timezone.localdate())
    return verdict


def _store_verdict(result: ProductResult, judgement: Judgement | None, limits: dict[int, ContentLimit]) -> None:
    if judgement is None:
        values: dict[str, Any] = {"verdict": Verdict.NO_LIMIT, "limit": None, "limit_value": None, "limit_unit": "",
                                  "limit_basis": "", "limit_standard": "", "limit_verified": False,
                                  "compared_value": None}  # fmt: skip
    else:
        limit = limits[judgement.limit]
        values = {
            "verdict": Verdict.FAIL if judgement.failed else Verdict.PASS, "limit": limit,
            "limit_value": limit.limit_value, "limit_unit": limit.unit, "limit_basis": limit.basis,
            "limit_standard": limit.standard, "limit_verified": limit.verified,
            "compared_value": _significant(judgement.compared_mg_kg / MG_PER_KG[MassUnit(limit.unit)]),
        }  # fmt: skip
    changed = [name for name, value in values.items() if getattr(result, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(result, name, values[name])
    result._change_reason = "verdict"
    result.save(update_fields=[*changed, "updated_at"])


def _sample_verdict(verdicts: list[str]) -> str:
    if not verdicts:
        return SampleVerdict.PENDING
    for verdict in (Verdict.FAIL, Verdict.PASS):
        if verdict in verdicts:
            return verdict
    return SampleVerdict.NO_LIMIT


# --- compliance findings --------------------------------------------------------------------------
def _measures_of(substance: Substance, cache: dict[int, list[Any]]) -> list[Any]:
    from npgov.regulations.services.classification import classify_substance

    if substance.pk not in cache:
        cache[substance.pk] = [m for match in classify_substance(substance) for m in match.entry.measures.all()]
    return cache[substance.pk]


def _measure_for(substance: Substance, kinds: Iterable[str], cache: dict[int, list[Any]]) -> Any:
    """The substance's first list measure of the first kind in ``kinds`` that it has, or None."""
    measures = _measures_of(substance, cache)
    for kind in kinds:
        for measure in measures:
            if measure.kind == kind:
                return measure
    return None


def _open_finding(*, key: str, enterprise: Any, substance: Substance, measure: Any, year: int, activity: str,
                  rule: str, explanation: str, legal_basis: str, department: Any, today: date) -> Finding:  # fmt: skip
    finding = Finding(
        key=key, enterprise=enterprise, substance=substance, measure=measure, year=year, activity=activity, rule=rule,
        explanation=explanation, legal_basis=legal_basis[:500], severity=Severity.HIGH, opened_on=today,
        due_date=today + timedelta(days=DUE_DAYS[Severity.HIGH]), department=department,
    )  # fmt: skip
    finding._change_reason = rule
    finding.save()
    return finding


def _resolve_finding(finding: Finding, today: date, why: str) -> None:
    finding.status = FindingStatus.RESOLVED
    finding.note = "\n".join(t for t in (finding.note, why % {"day": today.isoformat()}) if t)
    finding._change_reason = "resolved"
    finding.save(update_fields=["status", "note", "updated_at"])


def _sync_findings(sample: ProductSample, results: list[ProductResult], today: date) -> None:
    """At most one finding per limit a registered producer's sample exceeds (key ``product:<result pk>``).

    Only a failure against a verified limit counts. A sum limit exceeded is one breach: its finding goes
    to the member result with the largest value whose substance has a list measure of kind
    ``product_content_limit``, else to the largest member (the standard's limit alone is the basis). A
    finding whose result no longer fails is resolved, never deleted, and reopened if it fails again.
    """
    from npgov.regulations.choices import MeasureKind

    if sample.producer_id is None:
        return
    existing = {f.key: f for f in Finding.objects.filter(key__in=[f"product:{r.pk}" for r in results])}
    breaches: dict[int, list[ProductResult]] = {}
    for result in results:
        if result.verdict == Verdict.FAIL and result.limit_verified and result.limit_id is not None:
            breaches.setdefault(result.limit_id, []).append(result)
        elif (finding := existing.get(f"product:{result.pk}")) is not None and finding.status in ACTIVE_STATUSES:
            with translation.override(settings.LANGUAGE_CODE):
                why = _("Resolved on %(day)s: the product test result no longer exceeds a verified limit.")
            _resolve_finding(finding, today, why)
    cache: dict[int, list[Any]] = {}
    for members in breaches.values():
        known = [existing[f"product:{r.pk}"] for r in members if f"product:{r.pk}" in existing]
        if known:
            for finding in known:
                if finding.status == FindingStatus.RESOLVED:
                    finding_reopen(finding, today)
            continue
        ordered = sorted(members, key=lambda r: (-r.value_mg_kg, r.pk))
        measured = [(r, m) for r in ordered if (m := _measure_for(r.substance, [MeasureKind.PRODUCT_CONTENT_LIMIT],
                                                                   cache)) is not None]  # fmt: skip
        result, measure = measured[0] if measured else (ordered[0], None)
        _open_product_finding(sample, result, measure, f"product:{result.pk}", today)


def _open_product_finding(sample: ProductSample, result: ProductResult, measure: Any, key: str, today: date) -> None:
    limit = result.limit
    members = " + ".join(s.name_zh or s.name_en or s.cas or "?" for s in limit.substances.all()) if limit else ""
    # Official records are written in the platform's language, whoever triggered the check.
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Product sample %(code)s (%(product)s, sampled on %(day)s): %(what)s is %(value)s %(unit)s, above the "
            "limit of %(limit)s %(unit)s in %(standard)s."
        ) % {
            "code": sample.code, "product": sample.product_name, "day": sample.sampled_on.isoformat(),
            "what": (_("the sum of %(members)s") % {"members": members}) if result.limit_basis == LimitBasis.SUM
            else str(result.substance), "value": plain_number(result.compared_value), "unit": result.limit_unit,
            "limit": plain_number(result.limit_value), "standard": result.limit_standard,
        }  # fmt: skip
    basis = "; ".join(
        t
        for t in (result.limit_standard, limit.standard_title if limit else "", measure.legal_basis if measure else "")
        if t
    )
    _open_finding(key=key, enterprise=sample.producer, substance=result.substance, measure=measure,
                  year=sample.sampled_on.year, activity="product", rule="product_content_limit", explanation=text,
                  legal_basis=basis, department=sample.department, today=today)  # fmt: skip


# --- one result -----------------------------------------------------------------------------------
UNIT_ALIASES = {
    "%": MassUnit.PERCENT, "wt%": MassUnit.PERCENT, "%(m/m)": MassUnit.PERCENT, "%(w/w)": MassUnit.PERCENT,
    "%(质量分数)": MassUnit.PERCENT, "质量分数%": MassUnit.PERCENT, "g/kg": MassUnit.G_KG, "mg/kg": MassUnit.MG_KG,
    "ppm": MassUnit.MG_KG, "mg/kg(ppm)": MassUnit.MG_KG, "µg/kg": MassUnit.UG_KG, "ug/kg": MassUnit.UG_KG,
    "ppb": MassUnit.UG_KG,
}  # fmt: skip
MEASUREMENT_ALIASES = {
    "": Measurement.CONTENT, "content": Measurement.CONTENT, "含量": Measurement.CONTENT, "总量": Measurement.CONTENT,
    "migration": Measurement.MIGRATION, "迁移": Measurement.MIGRATION, "迁移量": Measurement.MIGRATION,
    "可迁移": Measurement.MIGRATION,
}  # fmt: skip


def parse_unit(text: str) -> str:
    """A mass-fraction unit as stored ("％" → "%", "ppm" → "mg/kg"); raises ValueError when unknown."""
    folded = text.strip().lower().replace(" ", "").replace("％", "%").replace("／", "/").replace("（", "(")
    folded = folded.replace("）", ")").replace("μ", "µ")
    if folded not in UNIT_ALIASES:
        raise ValueError(text)
    return str(UNIT_ALIASES[folded])


@dataclass(frozen=True)
class ParsedValue:
    reported: str
    detected: bool
    value: float | None
    unit: str
    mg_kg: float


def parse_value(text: str, unit_text: str) -> tuple[ParsedValue | None, dict[str, str]]:
    """A reported value and unit, or the errors by field ("value", "unit")."""
    errors: dict[str, str] = {}
    unit = ""
    try:
        unit = parse_unit(unit_text)
    except ValueError:
        errors["unit"] = _("Unknown unit %(unit)s: use %%, g/kg, mg/kg (ppm) or µg/kg.") % {"unit": unit_text or "—"}
    try:
        reported = parse_reported(text)
    except ReportedValueError as exc:
        messages = {"empty": _("Give the value."), "negative": _("A content cannot be negative: %(value)s."),
                    "unreadable": _("%(value)s is not a number or a non-detect (ND, <0.01).")}  # fmt: skip
        errors["value"] = messages[exc.code] % {"value": text}
        return None, errors
    if reported.kind == Kind.NOT_ANALYSED:
        errors["value"] = _("Not analysed: leave the row out.")
    if errors:
        return None, errors
    detected = reported.kind == Kind.NUMBER
    mg_kg = reported.number * MG_PER_KG[MassUnit(unit)] if detected and reported.number is not None else 0.0
    return ParsedValue(text.strip(), detected, reported.number, unit, mg_kg), {}


def product_result_save(*, sample: ProductSample, user: Any, substance: Substance, measurement: str, value: str,
                        unit: str, lab: str = "", method: str = "") -> ProductResult:  # fmt: skip
    """Record (or correct) one result of a sample and re-judge the sample.

    Raises ValidationError by field. Writes the result (with history), the verdicts and findings.
    """
    parsed, errors = parse_value(value, unit)
    if parsed is None:
        raise ValidationError(errors)
    with transaction.atomic():
        result, created = _result_write(sample, substance.pk, measurement, parsed, lab, method, None, user, "")
        ensure_visible(user, [result], "add" if created else "change")
        sample_evaluate(sample=sample)
    result.refresh_from_db()
    return result


def _result_write(
    sample: ProductSample, substance_id: int, measurement: str, parsed: ParsedValue, lab: str, method: str,
    batch: ImportBatch | None, user: Any, reason: str,
) -> tuple[ProductResult, bool]:  # fmt: skip
    result = ProductResult.objects.filter(sample=sample, substance_id=substance_id, measurement=measurement).first()
    created = result is None
    result = result or ProductResult(sample=sample, substance_id=substance_id, measurement=measurement)
    result.value_reported, result.detected, result.value = parsed.reported, parsed.detected, parsed.value
    result.unit, result.value_mg_kg, result.lab, result.method = parsed.unit, parsed.mg_kg, lab, method
    result.batch = batch or result.batch
    result._change_reason = reason
    result._history_user = user
    result.full_clean(exclude=["sample", "substance", "batch"])
    result.save()
    return result, created


# --- importing a lab's results --------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    aliases: tuple[str, ...]
    required: bool = False
    help: Any = ""


COLUMNS = (
    Column("sample", gettext_lazy("sample code"), ("样品编号", "抽样单编号", "sample", "sample code", "sample_code"),
           True, gettext_lazy("The code of a registered sample (抽样单编号).")),
    Column("substance", gettext_lazy("substance"), ("CAS号", "CAS", "物质", "检测项目", "substance", "analyte"), True,
           gettext_lazy("CAS RN (preferred), or the Chinese or English name.")),
    Column("value", gettext_lazy("value"), ("检测结果", "结果", "测定值", "含量", "value", "result"), True,
           gettext_lazy("A number; a non-detect as ND, 未检出 or <0.01.")),
    Column("unit", gettext_lazy("unit"), ("单位", "unit"), True, gettext_lazy("%, g/kg, mg/kg (ppm) or µg/kg.")),
    Column("measurement", gettext_lazy("measured as"), ("检测类型", "测定方式", "measurement", "measured as"), False,
           gettext_lazy("含量 / content (default) or 迁移量 / migration.")),
    Column("lab", gettext_lazy("laboratory"), ("检测机构", "实验室", "lab", "laboratory"), False),
    Column("method", gettext_lazy("test method"), ("检测方法", "方法", "method", "test method"), False),
)  # fmt: skip
EXAMPLE = {"sample": "DL-CP-2025-001", "substance": "117-81-7", "value": "0.08", "unit": "%", "measurement": "含量",
           "lab": "辽宁省产品质量监督检验院", "method": "GB/T 22048-2022"}  # fmt: skip


def results_template_rows() -> Iterator[list[str]]:
    """The template's header (in the user's language) and an example row."""
    yield [str(c.label) for c in COLUMNS]
    yield [EXAMPLE[c.key] for c in COLUMNS]


def results_help_rows() -> Iterator[list[str]]:
    yield [_("column"), _("required"), _("help")]
    for column in COLUMNS:
        yield [str(column.label), _("yes") if column.required else _("no"), str(column.help)]


def _map_columns(headers: list[str]) -> tuple[dict[str, int], list[RowError]]:
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        for name in (*column.aliases, column.key, str(column.label)):
            aliases[name.strip().lower()] = column.key
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                aliases[str(column.label).lower()] = column.key
    mapping: dict[str, int] = {}
    errors = []
    for index, header in enumerate(headers):
        key = aliases.get(header.strip().lower())
        if key and key not in mapping:
            mapping[key] = index
        elif header.strip():
            errors.append(RowError(1, header, _("Unknown column.")))
    for column in COLUMNS:
        if column.required and column.key not in mapping:
            errors.append(RowError(1, str(column.label), _("Required column is missing.")))
    return mapping, errors


@dataclass(frozen=True)
class _Row:
    line: int
    sample: ProductSample
    substance_id: int
    measurement: str
    parsed: ParsedValue
    lab: str
    method: str


class _RowChecker:
    """Validates rows one by one; each sample code and substance is looked up once."""

    def __init__(self, headers: list[str], mapping: dict[str, int], user: Any) -> None:
        self.headers, self.mapping = headers, mapping
        self.samples = ProductSample.objects.restrict(user, "change")
        self.sample_cache: dict[str, tuple[ProductSample | None, str]] = {}
        self.substance_cache: dict[str, tuple[int | None, str]] = {}
        self.seen: dict[tuple[int, int, str], int] = {}
        self.errors: list[RowError] = []

    def cell(self, cells: list[str], key: str) -> str:
        index = self.mapping.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(self, line: int, key: str, message: str) -> None:
        index = self.mapping.get(key)
        self.errors.append(RowError(line, self.headers[index] if index is not None else "", message))

    def check(self, line: int, cells: list[str]) -> _Row | None:
        sample, sample_error = self._sample(self.cell(cells, "sample"))
        substance_id, substance_error = self._substance(self.cell(cells, "substance"))
        measurement = MEASUREMENT_ALIASES.get(self.cell(cells, "measurement").lower())
        parsed, value_errors = parse_value(self.cell(cells, "value"), self.cell(cells, "unit"))
        for key, message in (("sample", sample_error), ("substance", substance_error), *value_errors.items()):
            if message:
                self.error(line, key, message)
        if measurement is None:
            self.error(line, "measurement", _("Write 含量 (content) or 迁移量 (migration)."))
        if sample is None or substance_id is None or parsed is None or measurement is None:
            return None
        key = (sample.pk, substance_id, measurement)
        if key in self.seen:
            self.error(line, "substance", _("Duplicate of row %(row)s in this file.") % {"row": self.seen[key]})
            return None
        self.seen[key] = line
        return _Row(line, sample, substance_id, measurement, parsed, self.cell(cells, "lab")[:200],
                    self.cell(cells, "method")[:120])  # fmt: skip

    def _sample(self, code: str) -> tuple[ProductSample | None, str]:
        if code not in self.sample_cache:
            sample = self.samples.filter(code=code).select_related("category").first() if code else None
            if sample is not None:
                self.sample_cache[code] = (sample, "")
            elif not code:
                self.sample_cache[code] = (None, _("Give the sample code."))
            elif ProductSample.objects.filter(code=code).exists():
                self.sample_cache[code] = (None, _("You may not add results to sample %(code)s.") % {"code": code})
            else:
                self.sample_cache[code] = (None, _("No sample %(code)s: register the sample first.") % {"code": code})
        return self.sample_cache[code]

    def _substance(self, text: str) -> tuple[int | None, str]:
        from npgov.monitoring.fields import resolve_substance

        if text not in self.substance_cache:
            self.substance_cache[text] = resolve_substance(text)
        return self.substance_cache[text]


def product_results_import(*, data: bytes, filename: str, user: Any) -> ImportResult:
    """Validate every row of a lab's result file; if all are valid, save them and re-judge the samples.

    Writes, in one transaction: the results (new, or replacing the sample's result for the same
    substance, with history), the verdicts and findings, and an ImportBatch with the file's SHA-256.
    Nothing is written when any row is invalid or the same file was imported before.
    """
    sha256 = file_sha256(data)
    batch = ImportBatch.objects.filter(target=RESULTS_TARGET, sha256=sha256).select_related("user").first()
    if batch is not None:
        message = _("This file was already imported on %(date)s by %(user)s.") % {
            "date": f"{batch.created_at:%Y-%m-%d %H:%M}", "user": batch.user or "?"}  # fmt: skip
        return ImportResult(errors=[RowError(0, "", message)])
    try:
        table = read_table(data, filename)
        mapping, errors = _map_columns(table.headers)
        if errors:
            return ImportResult(errors=errors)
        checker = _RowChecker(table.headers, mapping, user)
        rows, count = [], 0
        for line, cells in table.rows:
            if not any(cells):
                continue
            count += 1
            row = checker.check(line, cells)
            if row is not None:
                rows.append(row)
    except TableFileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    result = ImportResult(rows=count, errors=checker.errors)
    if result.errors:
        return result
    if not rows:
        return ImportResult(errors=[RowError(0, "", _("The file has no data rows."))])
    _commit_rows(rows, filename, sha256, user, result)
    return result


def _commit_rows(rows: list[_Row], filename: str, sha256: str, user: Any, result: ImportResult) -> None:
    reason = (_("import %(file)s") % {"file": filename})[:100]
    with transaction.atomic():
        batch = ImportBatch.objects.create(target=RESULTS_TARGET, file_name=filename[:255], sha256=sha256,
                                           rows=len(rows), user=user)  # fmt: skip
        written: list[tuple[ProductResult, bool]] = []
        for row in rows:
            written.append(_result_write(row.sample, row.substance_id, row.measurement, row.parsed, row.lab,
                                         row.method, batch, user, reason))  # fmt: skip
        ensure_visible(user, [r for r, created in written if created], "add")
        ensure_visible(user, [r for r, created in written if not created], "change")
        for sample in {row.sample.pk: row.sample for row in rows}.values():
            sample_evaluate(sample=sample)
        result.created = sum(created for _r, created in written)
        result.updated = len(written) - result.created
        batch.created, batch.updated = result.created, result.updated
        batch.save(update_fields=["created", "updated", "updated_at"])
        result.batch = batch


def product_sample_saved(*, sample: ProductSample) -> None:
    """After a sample is added or changed (its category, its producer): re-judge its results."""
    sample_evaluate(sample=sample)


# --- import/export checks -------------------------------------------------------------------------
def trade_check_release_notice_error(*, substance: Substance, release_notice_number: str,
                                     violation_kind: str) -> str | None:  # fmt: skip
    """The release-notice rule of CN-SRTC, as an error message for the release notice field, or None.

    A chemical on the strictly restricted list needs a release notice, unless the check records exactly
    that violation (no release notice); that violation makes no sense for a chemical not on the list.
    """
    listed = selectors.substance_on_strictly_restricted_list(substance=substance)
    missing = violation_kind == ViolationKind.MISSING_RELEASE_NOTICE
    if listed and not release_notice_number.strip() and not missing:
        return _(
            "%(substance)s is on the China Strictly Restricted Toxic Chemicals List: give the release notice number, "
            "or record the check as a violation (no release notice)."
        ) % {"substance": substance}
    if missing and not listed:
        return _("%(substance)s is not on the strictly restricted list: no release notice is required.") % {
            "substance": substance
        }
    if missing and release_notice_number.strip():
        return _("A release notice number is given, yet the violation recorded is that there is none.")
    return None


def trade_check_saved(*, check: TradeCheck, today: date | None = None) -> None:
    """After a check is saved: record the substance's CN-SRTC membership; open or resolve its finding.

    A violation by a registered enterprise opens one finding (key ``trade:<check pk>``) when the substance
    has a list measure for it: the release-notice measure for a missing notice, else a ban or restriction
    of the direction. A finding of a check later corrected to compliant is resolved.
    """
    today = today or timezone.localdate()
    listed = selectors.substance_on_strictly_restricted_list(substance=check.substance)
    if check.on_strictly_restricted_list != listed:
        check.on_strictly_restricted_list = listed
        check.save(update_fields=["on_strictly_restricted_list", "updated_at"])
    key = f"trade:{check.pk}"
    finding = Finding.objects.filter(key=key).first()
    violation = check.result == TradeResult.VIOLATION and check.enterprise_id is not None
    if violation and finding is None:
        measure = _measure_for(check.substance, _trade_measure_kinds(check), {})
        _open_trade_finding(check, measure, key, today)  # measure may be None: the check's own description stands
    elif not violation and finding is not None and finding.status in ACTIVE_STATUSES:
        with translation.override(settings.LANGUAGE_CODE):
            why = _("Resolved on %(day)s: the import/export check was corrected to compliant.")
        _resolve_finding(finding, today, why)


def _trade_measure_kinds(check: TradeCheck) -> list[str]:
    from npgov.regulations.choices import MeasureKind

    direction = "import" if check.direction == TradeDirection.IMPORT else "export"
    ban, restrict = f"ban_{direction}", f"restrict_{direction}"
    if check.violation_kind == ViolationKind.MISSING_RELEASE_NOTICE:
        return [MeasureKind.RELEASE_NOTICE, ban, restrict]
    return [ban, restrict, MeasureKind.RELEASE_NOTICE]


def _open_trade_finding(check: TradeCheck, measure: Any, key: str, today: date) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(direction)s of %(substance)s (HS %(hs)s, %(quantity)s %(unit)s) on %(day)s: %(kind)s. %(text)s") % {
            "direction": check.get_direction_display(), "substance": check.substance, "hs": check.hs_code,
            "quantity": plain_number(float(check.quantity)), "unit": check.quantity_unit,
            "day": check.checked_on.isoformat(),
            "kind": check.get_violation_kind_display(), "text": check.description,
        }  # fmt: skip
    _open_finding(key=key, enterprise=check.enterprise, substance=check.substance, measure=measure,
                  year=check.checked_on.year, activity=check.direction, rule=check.violation_kind or "trade",
                  explanation=text, legal_basis=measure.legal_basis if measure else "", department=check.department,
                  today=today)  # fmt: skip
