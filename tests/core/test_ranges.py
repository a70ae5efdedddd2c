"""Every numeric model field outside core declares its range, and the database enforces it (issue #16, defect 1).

Three layers, for every ranged field of every app:

- the declaration: a :class:`RangeValidator` on the field and the matching ``<app>_<model>_<field>_range`` check
  constraint (a new FloatField or DecimalField without them fails :func:`test_every_number_field_has_a_range`);
- validation: a value out of range, infinity or NaN is refused by the field's validation (what ModelForms, the
  generic importers, ``check_model_number`` and DRF ModelSerializers use), and by a ModelForm of the field;
- the database: writing the same value with ``update()`` (no validation) raises IntegrityError, on SQLite and on
  PostgreSQL. (SQLite stores NaN as NULL: a nullable column then holds no value, never NaN.)
"""

from __future__ import annotations

import inspect
import math
from decimal import Decimal
from typing import Any

import factory
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.forms import modelform_factory

from npgov.core.numbers import RangeValidator, check_model_number, range_constraint
from npgov.science.numbers import NumberRange
from tests.capacity import factories as capacity
from tests.compliance import factories as compliance
from tests.enforcement import factories as enforcement
from tests.enterprises import factories as enterprises
from tests.monitoring import factories as monitoring
from tests.portal import factories_complaints, factories_disclosures
from tests.risk import factories as risk
from tests.substances import factories as substances
from tests.surveys import factories as surveys
from tests.workplan import factories as workplan

pytestmark = pytest.mark.django_db

NUMBER_FIELDS = (models.FloatField, models.DecimalField, models.IntegerField)
POSITIVE_INTEGERS = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)
# Integer fields that are identifiers, counters or codes rather than quantities: positive (the database checks
# that much) and bounded by their column type; they cannot hold infinity or NaN.
UNRANGED_INTEGERS = {
    ("enforcement", "inspectiondraw", "enterprise_count"), ("enforcement", "inspectiondraw", "inspectors_per_task"),
    ("enforcement", "productcategory", "position"), ("portal", "disclosure", "version"),
    ("portal", "articleimage", "width"), ("portal", "articleimage", "height"), ("portal", "complaintphoto", "width"),
    ("portal", "complaintphoto", "height"), ("portal", "complaintphoto", "size_bytes"),
    ("regulations", "regulatorylist", "revision"), ("regulations", "listentry", "position"),
    ("regulations", "controlmeasure", "position"), ("risk", "priorityitem", "rank"),
    ("risk", "priorityitem", "category"), ("risk", "hazarddatum", "reliability"),
    ("risk", "ecotoxendpoint", "reliability"), ("substances", "substanceproperty", "reliability"),
    ("workplan", "task", "position"), ("workplan", "taskassignment", "position"),
    ("compliance", "enterprisecheck", "breaches"),
}  # fmt: skip

FACTORY_MODULES = [capacity, compliance, enforcement, enterprises, monitoring, factories_complaints,
                   factories_disclosures, risk, substances, surveys, workplan]  # fmt: skip
FACTORIES = {
    member._meta.model: member
    for module in FACTORY_MODULES
    for _name, member in inspect.getmembers(module, inspect.isclass)
    if issubclass(member, factory.django.DjangoModelFactory) and member.__module__ == module.__name__
}


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in {"core", "auth", "contenttypes", "sessions", "admin", "django_celery_results"}
        and model._meta.app_label.split(".")[0] != "django"
        and not model.__name__.startswith("Historical")
        and model.__module__.startswith("npgov.")
    ]


def _number_fields() -> list[tuple[type[models.Model], models.Field]]:
    return [
        (model, field)
        for model in _models()
        for field in model._meta.concrete_fields
        if isinstance(field, NUMBER_FIELDS) and not field.primary_key and not field.is_relation
    ]


def _range(field: models.Field) -> NumberRange | None:
    for validator in field.validators:
        if isinstance(validator, RangeValidator):
            return validator.range
    return None


RANGED = [(model, field.name) for model, field in _number_fields() if _range(field) is not None]


def _id(param: Any) -> str:
    return f"{param[0]._meta.label_lower}.{param[1]}" if isinstance(param, tuple) else str(param)


def _key(model: type[models.Model], name: str) -> tuple[str, str, str]:
    return (model._meta.app_label, model._meta.model_name or "", name)


# --- the declaration ---------------------------------------------------------------------------------------------
def test_every_number_field_has_a_range() -> None:
    missing = []
    for model, field in _number_fields():
        if _range(field) is not None:
            continue
        key = _key(model, field.name)
        unbounded_kind = isinstance(field, (models.FloatField, models.DecimalField))
        if unbounded_kind or key not in UNRANGED_INTEGERS or not isinstance(field, POSITIVE_INTEGERS):
            missing.append(".".join(key))
    assert missing == []
    assert len(RANGED) >= 40


@pytest.mark.parametrize("ranged", RANGED, ids=_id)
def test_the_database_has_the_fields_range(ranged: tuple[type[models.Model], str]) -> None:
    model, name = ranged
    number_range = _range(model._meta.get_field(name))
    assert number_range is not None
    expected_name = f"{model._meta.app_label}_{model._meta.model_name}_{name}_range"
    constraints = {c.name: c for c in model._meta.constraints}
    assert expected_name in constraints
    assert constraints[expected_name] == range_constraint(name, number_range, name=expected_name)


def test_a_decimal_fields_range_fits_its_column() -> None:
    # a range beyond the column's digits would let a value pass validation and fail (or be rounded) on writing
    too_wide = [
        f"{model._meta.label_lower}.{field.name}"
        for model, field in _number_fields()
        if isinstance(field, models.DecimalField)
        and (number_range := _range(field)) is not None
        and number_range.maximum is not None
        and Decimal(str(number_range.maximum)) >= Decimal(10) ** (field.max_digits - field.decimal_places)
    ]
    assert too_wide == []


# --- bad values ----------------------------------------------------------------------------------------------------
def _outside(model: type[models.Model], name: str) -> list[Any]:
    """Values the field must refuse: just outside each bound (where its column can hold them), ±infinity, NaN."""
    field = model._meta.get_field(name)
    number_range = _range(field)
    assert number_range is not None
    lo, hi = number_range.minimum, number_range.maximum
    values: list[Any] = []
    if isinstance(field, models.DecimalField):
        capacity_ = Decimal(10) ** (field.max_digits - field.decimal_places) - 1
        if lo is not None:
            values.append(Decimal(str(lo)) - 1 if number_range.minimum_inclusive else Decimal(str(lo)))
        if hi is not None and Decimal(str(hi)) < capacity_:
            values.append(Decimal(str(hi)) + 1)
        return values
    if isinstance(field, models.IntegerField):
        if lo is not None and lo - 1 >= 0:
            values.append(int(lo) - 1)
        if hi is not None:
            values.append(int(hi) + 1)
        return values
    if lo is not None:
        values.append(lo - abs(lo or 1) if number_range.minimum_inclusive else lo)
    if hi is not None and hi < 1e307:
        values.append(hi * 10 if hi > 0 else hi + 1)
    return [*values, math.inf, -math.inf, math.nan]


PAIRED = {"latitude": "longitude", "longitude": "latitude"}


def _row(model: type[models.Model]) -> models.Model:
    return FACTORIES[model]()


def test_every_ranged_model_has_a_factory() -> None:
    assert {model for model, _name in RANGED} <= set(FACTORIES)


@pytest.mark.parametrize("ranged", RANGED, ids=_id)
def test_validation_refuses_values_out_of_range(org: None, ranged: tuple[type[models.Model], str]) -> None:
    model, name = ranged
    instance = _row(model)
    others = [f.name for f in model._meta.concrete_fields if f.name != name]
    for bad in _outside(model, name):
        setattr(instance, name, bad)
        with pytest.raises(ValidationError) as caught:
            instance.clean_fields(exclude=others)
        assert name in caught.value.message_dict, bad
        with pytest.raises(ValidationError):
            check_model_number(model, name, bad)


@pytest.mark.parametrize("ranged", [r for r in RANGED if r[0]._meta.get_field(r[1]).editable], ids=_id)
def test_a_model_form_refuses_values_out_of_range(org: None, ranged: tuple[type[models.Model], str]) -> None:
    model, name = ranged
    instance = _row(model)
    partner = PAIRED.get(name)  # a model's clean() may judge the pair (both coordinates or neither)
    fields = [name, partner] if partner and any(f.name == partner for f in model._meta.fields) else [name]
    form_class = modelform_factory(model, fields=fields)
    texts = [str(bad) for bad in _outside(model, name) if not (isinstance(bad, float) and math.isnan(bad))]
    for text in [*texts, "1e400", "nan"]:
        data = {field: "" if getattr(instance, field) is None else str(getattr(instance, field)) for field in fields}
        form = form_class(data={**data, name: text}, instance=model._base_manager.get(pk=instance.pk))
        assert not form.is_valid(), text
        assert name in form.errors, text


@pytest.mark.parametrize("ranged", RANGED, ids=_id)
def test_the_database_refuses_values_out_of_range(org: None, ranged: tuple[type[models.Model], str]) -> None:
    model, name = ranged
    instance = _row(model)
    rows = model._base_manager.filter(pk=instance.pk)
    for bad in _outside(model, name):
        try:
            with transaction.atomic():
                rows.update(**{name: bad})
        except (IntegrityError, DataError):
            continue
        # only SQLite, which turns NaN into NULL, gets here: the column holds no value, never NaN
        assert connection.vendor == "sqlite" and isinstance(bad, float) and math.isnan(bad), bad
        assert rows.values_list(name, flat=True).get() is None


def test_bulk_create_cannot_store_infinity(org: None) -> None:
    from npgov.monitoring.models import Result

    result = monitoring.ResultFactory()
    copy = Result(**{f.attname: getattr(result, f.attname) for f in Result._meta.concrete_fields if not f.primary_key})
    copy.substance_id = substances.SubstanceFactory().pk
    copy.value = math.inf
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.bulk_create([copy])
    assert not Result.objects.filter(substance_id=copy.substance_id).exists()


# --- the migrations' check of existing data ------------------------------------------------------------------------
MIGRATIONS = [
    "capacity.0003", "compliance.0004", "enforcement.0003", "enterprises.0005", "monitoring.0003",
    "monitoring.0007_summary_ranges", "portal.0002", "risk.0004", "substances.0002", "surveys.0004", "workplan.0007",
]  # fmt: skip
# Tables created together with their range constraints hold no rows the constraints could refuse, so the
# migration that creates them has nothing to check.
BORN_WITH_RANGES = {("risk", "runresultrow"), ("monitoring", "monitoringplanline"), ("workplan", "evaluationsnapshot")}


def _migration(label: str) -> Any:
    import importlib

    app, number = label.split(".")
    name = number if "_" in number else f"{number}_field_ranges"
    return importlib.import_module(f"npgov.{app}.migrations.{name}")


@pytest.mark.parametrize("app", sorted({label.split(".")[0] for label in MIGRATIONS}))
def test_the_migrations_check_the_ranges_their_constraints_add(app: str) -> None:
    modules = [_migration(label) for label in MIGRATIONS if label.split(".")[0] == app]
    checked = {(model_name, field) for module in modules for model_name, field, *_bounds in module.RANGES}
    added = {
        (model._meta.model_name, name)
        for model, name in RANGED
        if model._meta.app_label == app and (app, model._meta.model_name) not in BORN_WITH_RANGES
    }
    assert checked == added
    for module in modules:
        for model_name, field, minimum, maximum, inclusive in module.RANGES:
            declared = _range(apps.get_model(app, model_name)._meta.get_field(field))
            assert declared is not None
            assert (declared.minimum, declared.maximum, declared.minimum_inclusive) == (minimum, maximum, inclusive)


def test_a_migration_stops_on_existing_bad_rows_and_names_them(org: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    module = _migration("monitoring.0003")
    good, bad = monitoring.ResultFactory(value=0.5), monitoring.ResultFactory(value=5.0)
    # existing rows cannot break the live constraint, so the check is run with a narrower range
    monkeypatch.setattr(module, "RANGES", [("result", "value", 0, 1, True)])
    with pytest.raises(RuntimeError) as caught:
        module.refuse_out_of_range(apps, SimpleNamespace(connection=connection))
    message = str(caught.value)
    assert f"monitoring_result.value must be ≥ 0 and ≤ 1: 1 row(s), ids [{bad.pk}]" in message
    assert "withdraw the import batches" in message
    # nothing was changed
    assert [r.value for r in type(bad).objects.filter(pk__in=[good.pk, bad.pk]).order_by("pk")] == [0.5, 5.0]
    monkeypatch.setattr(module, "RANGES", [("result", "value", 0, 10, True)])
    module.refuse_out_of_range(apps, SimpleNamespace(connection=connection))  # all within: passes
