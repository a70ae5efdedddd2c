"""Writes of product sampling.

- ``product_limits_load``: the shipped categories and content limits (reference data, idempotent);
- ``sample_evaluate``: judge a sample's results against the limits of its category (``science.products``),
  store the verdicts with the limit and standard applied, and open (or resolve) compliance findings for
  the producer;
- ``product_result_save``: one result from a form (a lab's file goes through ``products.importers``).

A product finding names the substance's ``product_content_limit`` list measure when there is one; where
the substance has none the finding stands on the limit's standard alone. Limits not verified (values
from memory) decide verdicts, shown with a warning, but never open a finding.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus
from npgov.compliance.selectors import finding_list
from npgov.compliance.services import finding_open, finding_reopen, finding_resolve
from npgov.core.models import ImportBatch, User
from npgov.core.numbers import check_model_number, number_error_message
from npgov.core.permissions import ensure_visible
from npgov.enforcement.findings import measure_for
from npgov.enforcement.products import selectors
from npgov.enforcement.products.models import (
    PRODUCT_MG_KG,
    ContentLimit,
    LimitBasis,
    Measurement,
    ProductCategory,
    ProductResult,
    ProductSample,
    SampleVerdict,
    Verdict,
    plain_number,
)
from npgov.regulations.choices import MeasureKind
from npgov.science import products as science
from npgov.science.identifiers import normalise_cas
from npgov.science.numbers import NumberError, normalise_text, parse_decimal

# Creating the few substances the limits need has no substances service yet: the model is used directly.
from npgov.substances.selectors import substance_list
from npgov.substances.services import substance_add_if_missing

if TYPE_CHECKING:
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance

DATA = Path(__file__).resolve().parent.parent / "data"
LOAD_REASON = "加载内置产品限量数据 (npgov reference)"


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


def product_limits_load_summary() -> str:
    """``product_limits_load`` as the reference-data step prints it."""
    return " ".join(f"{k}={v}" for k, v in product_limits_load().items())


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
            added += substance_add_if_missing(
                cas=row["cas"], reason=LOAD_REASON, name_zh=row["name_zh"], name_en=row["name_en"], kind=row["kind"],
                synonyms="\n".join(s.strip() for s in row["synonyms"].split("|") if s.strip()), source=row["source"],
            )  # fmt: skip
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
    substance_ids = set(substance_list(cas=cas_numbers).values_list("pk", flat=True))
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


# --- evaluating a sample --------------------------------------------------------------------------
def sample_evaluate(*, sample: ProductSample, today: date | None = None) -> str:
    """Judge every result of the sample; store verdicts and the limits applied; sync compliance findings.

    Writes (only what changed, with history): each result's verdict and limit snapshot, the sample's
    verdict, and findings of the producer (see ``_sync_findings``). Returns the sample's verdict.
    """
    results = list(sample.results.select_related("substance").order_by("pk"))
    limits = {limit.pk: limit for limit in selectors.applicable_limits(category=sample.category)}
    specs = [
        science.LimitSpec(pk=limit.pk, substance_ids=frozenset(s.pk for s in limit.substances.all()),
                          basis=limit.basis, measurement=limit.measurement, limit_mg_kg=limit.limit_mg_kg or 0.0)
        for limit in limits.values()
    ]  # fmt: skip
    judged = science.judge([science.ResultSpec(r.pk, r.substance_id, r.measurement, r.value_mg_kg) for r in results],
                           specs)  # fmt: skip
    for result in results:
        _store_verdict(result, judged[result.pk], limits)
    verdict = _sample_verdict([r.verdict for r in results])
    if sample.verdict != verdict:
        sample.verdict = verdict
        sample._change_reason = "verdict"
        sample.save(update_fields=["verdict", "updated_at"])
    _sync_findings(sample, results, today or timezone.localdate())
    return verdict


def _store_verdict(result: ProductResult, judgement: science.Judgement | None, limits: dict[int, ContentLimit]) -> None:
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
            "compared_value": science.significant(science.from_mg_kg(judgement.compared_mg_kg, limit.unit)),
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
def _sync_findings(sample: ProductSample, results: list[ProductResult], today: date) -> None:
    """At most one finding per limit a registered producer's sample exceeds (key ``product:<result pk>``).

    Only a failure against a verified limit counts. A sum limit exceeded is one breach: its finding goes
    to the member result with the largest value whose substance has a list measure of kind
    ``product_content_limit``, else to the largest member (the standard's limit alone is the basis). A
    finding whose result no longer fails is resolved, never deleted, and reopened if it fails again.
    """
    if sample.producer_id is None:
        return
    existing = {f.key: f for f in finding_list(keys=[f"product:{r.pk}" for r in results])}
    breaches: dict[int, list[ProductResult]] = {}
    for result in results:
        if result.verdict == Verdict.FAIL and result.limit_verified and result.limit_id is not None:
            breaches.setdefault(result.limit_id, []).append(result)
        elif (finding := existing.get(f"product:{result.pk}")) is not None and finding.status in ACTIVE_STATUSES:
            with translation.override(settings.LANGUAGE_CODE):
                why = _("Resolved on %(day)s: the product test result no longer exceeds a verified limit.")
            finding_resolve(finding=finding, note=why % {"day": today.isoformat()})
    cache: dict[int, list[Any]] = {}
    for members in breaches.values():
        known = [existing[f"product:{r.pk}"] for r in members if f"product:{r.pk}" in existing]
        if known:
            for finding in known:
                if finding.status == FindingStatus.RESOLVED:
                    finding_reopen(finding, today)
            continue
        ordered = sorted(members, key=lambda r: (-r.value_mg_kg, r.pk))
        measured = [(r, m) for r in ordered if (m := measure_for(r.substance, [MeasureKind.PRODUCT_CONTENT_LIMIT],
                                                                  cache)) is not None]  # fmt: skip
        result, measure = measured[0] if measured else (ordered[0], None)
        _open_product_finding(sample, result, measure, f"product:{result.pk}", today)


def _open_product_finding(
    sample: ProductSample, result: ProductResult, measure: ControlMeasure | None, key: str, today: date
) -> None:
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
    rule = "product_content_limit"
    finding_open(key=key, enterprise=sample.producer, substance=result.substance, measure=measure,
                 year=sample.sampled_on.year, activity="product", rule=rule, explanation=text, legal_basis=basis,
                 department=sample.department, today=today, reason=rule)  # fmt: skip


# --- one result -----------------------------------------------------------------------------------
# What a product result may be, in mg/kg after unit conversion (the model's declared range): a content or a
# migration cannot exceed the product itself (100 % = 1,000,000 mg/kg); above is a typing error, never a verdict.
RESULT_MG_KG = PRODUCT_MG_KG
VALUE_MAX_LENGTH = 40  # ProductResult.value_reported


def result_value_parse(text: str, unit_text: str) -> tuple[science.ParsedValue | None, dict[str, str]]:
    """A reported value and unit (``science.products.parse_value``), or the errors by field in the user's language.

    The value is read after full-width forms are made half-width (``０．０８`` is 0.08); it must be at most
    40 characters, finite and, converted to mg/kg, within :data:`RESULT_MG_KG` (issue #16, defects 1 and 8).
    """
    text = normalise_text(text or "")
    if len(text) > VALUE_MAX_LENGTH:
        message = _("The value has %(length)s characters; at most %(limit)s are allowed.")
        return None, {"value": message % {"length": len(text), "limit": VALUE_MAX_LENGTH}}
    parsed, codes = science.parse_value(text, unit_text)
    messages = {
        science.UNKNOWN_UNIT:
            _("Unknown unit %(unit)s: use %%, g/kg, mg/kg (ppm) or µg/kg.") % {"unit": unit_text or "—"},
        "empty": _("Give the value."), "negative": _("A content cannot be negative: %(value)s.") % {"value": text},
        "unreadable": _("%(value)s is not a number or a non-detect (ND, <0.01).") % {"value": text},
        science.NOT_ANALYSED: _("Not analysed: leave the row out."),
    }  # fmt: skip
    errors = {field: messages[code] for field, code in codes.items()}
    if codes.get("value") == "unreadable":
        try:
            parse_decimal(text.lstrip("<＜≤"))
        except NumberError as exc:  # say why, in the platform's words ("12,5": a decimal comma)
            if exc.code == "decimal_comma":
                errors["value"] = number_error_message(exc)
    if parsed is not None:
        problem = _range_problem(parsed)
        if problem:
            return None, {"value": problem}
    return parsed, errors


def _range_problem(parsed: science.ParsedValue) -> str:
    """Why a parsed value cannot be stored (not finite, or more than the whole product), or ""."""
    numbers = [parsed.mg_kg] if parsed.value is None else [parsed.value, parsed.mg_kg]
    if not all(math.isfinite(number) for number in numbers):
        return number_error_message(NumberError("too_large", "", text=parsed.reported))
    try:
        RESULT_MG_KG.check(parsed.mg_kg)
    except NumberError:
        return _("%(value)s %(unit)s is more than the whole product (100 %%): check the value and its unit.") % {
            "value": parsed.reported, "unit": parsed.unit}  # fmt: skip
    try:
        if parsed.value is not None:
            check_model_number(ProductResult, "value", parsed.value)
        check_model_number(ProductResult, "value_mg_kg", parsed.mg_kg)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def product_result_save(*, sample: ProductSample, user: User, substance: Substance, measurement: str, value: str,
                        unit: str, lab: str = "", method: str = "") -> ProductResult:  # fmt: skip
    """Record (or correct) one result of a sample and re-judge the sample.

    Raises ValidationError by field. Writes the result (with history), the verdicts and findings.
    """
    parsed, errors = result_value_parse(value, unit)
    if parsed is None:
        raise ValidationError(errors)
    with transaction.atomic():
        result, created = product_result_write(sample, substance.pk, measurement, parsed, lab, method, None, user, "")
        ensure_visible(user, [result], "add" if created else "change")
        sample_evaluate(sample=sample)
    result.refresh_from_db()
    return result


def product_result_write(
    sample: ProductSample, substance_id: int, measurement: str, parsed: science.ParsedValue, lab: str, method: str,
    batch: ImportBatch | None, user: User, reason: str,
) -> tuple[ProductResult, bool]:  # fmt: skip
    """Create or replace the sample's result for the substance (with history); no verdicts (``sample_evaluate``)."""
    result = ProductResult.objects.filter(sample=sample, substance_id=substance_id, measurement=measurement).first()
    created = result is None
    result = result or ProductResult(sample=sample, substance_id=substance_id, measurement=measurement)
    result.value_reported, result.detected, result.value = parsed.reported, parsed.detected, parsed.value
    result.unit, result.value_mg_kg, result.lab, result.method = parsed.unit, parsed.mg_kg, lab, method
    result.batch = batch or result.batch
    result._change_reason = reason
    result._history_user = user
    # Field validators (the declared ranges) run here; the check constraints are the database's own copy of the
    # same rules (it refuses the write), so they are not checked again row by row: one query per constraint and
    # row made a file's write transaction several times longer (issue #16: keep writes short).
    result.full_clean(exclude=["sample", "substance", "batch"], validate_constraints=False)
    result.save()
    return result, created


def product_sample_saved(*, sample: ProductSample) -> None:
    """After a sample is added or changed (its category, its producer): re-judge its results."""
    sample_evaluate(sample=sample)
