"""The Django side of the one number rule (core/numbers.py, issue #16 defects 1 and 2)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from npgov.core.numbers import (
    CONCENTRATION,
    LATITUDE,
    PERCENT,
    TONNES,
    RangeValidator,
    check_model_number,
    clean_number,
    clean_yes_no,
    field_range,
    number_error_message,
    range_constraint,
    range_validators,
)
from npgov.science.numbers import NO_WORDS, YES_WORDS, NumberError, NumberRange


# --- clean_number ----------------------------------------------------------------------------------------------------
def test_clean_number_is_exact() -> None:
    assert clean_number("12.5", TONNES) == Decimal("12.5")
    assert clean_number("1,234.5") == Decimal("1234.5")
    assert clean_number("") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12,5", "decimal_comma"),
        ("inf", "invalid_number"),
        ("1e400", "too_large"),
        ("-1", "below_minimum"),
        ("2e9", "above_maximum"),
        ("12.12345", "too_many_decimals"),
        (12.12345, "too_many_decimals"),  # an Excel float with more decimals than the field keeps
    ],
)
def test_clean_number_refuses_with_a_code(text: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_number(text, TONNES, places=4)
    assert caught.value.code == code
    assert caught.value.messages[0]


def test_clean_number_required() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_number("", TONNES, required=True)
    assert caught.value.code == "required"


def test_clean_number_accepts_trailing_zeros_within_its_places() -> None:
    assert clean_number("12.5000", TONNES, places=1) == Decimal("12.5000")


def test_messages_name_the_text_in_any_language() -> None:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            clean_number("12,5")
    assert caught.value.code == "decimal_comma"
    assert "12,5" in caught.value.messages[0]


def test_number_error_message_fills_in_the_value() -> None:
    error = NumberError("above_maximum", "", value="2e+09", limit="1e+09", unit=" t")
    assert "2e+09" in number_error_message(error)
    assert "1e+09 t" in number_error_message(error)
    assert number_error_message(NumberError("unknown_code", "plain")) == "plain"


# --- clean_yes_no ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("word", sorted(YES_WORDS))
def test_clean_yes_no_yes(word: str) -> None:
    assert clean_yes_no(word) is True


@pytest.mark.parametrize("word", sorted(NO_WORDS))
def test_clean_yes_no_no(word: str) -> None:
    assert clean_yes_no(word) is False


def test_clean_yes_no_refuses_anything_else() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_yes_no("也许")
    assert caught.value.code == "invalid_yes_no"
    assert clean_yes_no("") is None
    with pytest.raises(ValidationError):
        clean_yes_no("", required=True)


# --- RangeValidator, range_constraint ---------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, -1, 100.5, Decimal("Infinity"), "abc"])
def test_the_validator_refuses(bad: object) -> None:
    with pytest.raises(ValidationError):
        RangeValidator(0, 100, unit="%")(bad)


@given(st.floats(min_value=0, max_value=100))
def test_the_validator_accepts_the_range(value: float) -> None:
    RangeValidator(0, 100)(value)
    RangeValidator(0, 100)(None)


def test_validators_compare_and_deconstruct() -> None:
    assert range_validators(PERCENT) == [RangeValidator(0, 100, True, "%")]
    path, args, kwargs = RangeValidator(0, 1e12).deconstruct()
    assert path == "npgov.core.numbers.RangeValidator"
    assert RangeValidator(*args, **kwargs) == RangeValidator(0, 1e12)
    assert RangeValidator(0, 1) != RangeValidator(0, 2)


def test_range_constraint_lets_null_pass_and_bounds_the_rest() -> None:
    constraint = range_constraint("value", CONCENTRATION, name="x_value_range")
    expected = (Q(value__gte=0) & Q(value__lte=1e12)) | Q(value__isnull=True)
    assert constraint.condition == expected
    exclusive = range_constraint("value", NumberRange(0, 1, minimum_inclusive=False), name="x")
    assert exclusive.condition == (Q(value__gt=0) & Q(value__lte=1)) | Q(value__isnull=True)
    assert range_constraint("lat", LATITUDE, name="y").condition == (
        (Q(lat__gte=-90) & Q(lat__lte=90)) | Q(lat__isnull=True)
    )


# --- check_model_number ----------------------------------------------------------------------------------------
def test_check_model_number_reads_the_fields_range() -> None:
    from npgov.monitoring.models import Result

    assert field_range(Result, "value") == CONCENTRATION
    check_model_number(Result, "value", 12.5)
    check_model_number(Result, "value", None)
    for bad in (1e308 * 1000, math.nan, 1e13, -1):  # 1e308 µg/L in ng/L is infinity (defect 1)
        with pytest.raises(ValidationError):
            check_model_number(Result, "value", bad)


def test_check_model_number_refuses_non_finite_even_without_a_range() -> None:
    from npgov.monitoring.models import Result

    assert field_range(Result, "sampled_at") is None
    with pytest.raises(ValidationError):
        check_model_number(Result, "sampled_at", math.inf)
