"""Reading numbers and yes/no answers typed by people (science/numbers.py, issue #16 defects 1–3)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.numbers import (
    NO_WORDS,
    YES_WORDS,
    NumberError,
    NumberRange,
    decimal_places,
    normalise_text,
    parse_decimal,
    parse_float,
    parse_yes_no,
)


# --- parse_decimal ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5", Decimal("12.5")),
        (" 12.5 ", Decimal("12.5")),
        ("１２．５", Decimal("12.5")),  # full-width digits and point
        ("\u300012.5\u3000", Decimal("12.5")),  # ideographic spaces
        ("1,234.5", Decimal("1234.5")),
        ("12,500", Decimal("12500")),
        ("1,234,567", Decimal("1234567")),
        ("-3", Decimal("-3")),
        ("+3", Decimal("3")),
        (".5", Decimal("0.5")),
        ("5.", Decimal("5")),
        ("1.2e-3", Decimal("0.0012")),
        ("1E3", Decimal("1000")),
        ("0.1", Decimal("0.1")),
        (7, Decimal(7)),
        (0.1, Decimal("0.1")),  # an Excel float as it shows, not its binary expansion
        (Decimal("2.50"), Decimal("2.50")),
    ],
)
def test_parse_decimal_reads_what_people_write(text: object, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("empty", [None, "", "  ", "\u3000"])
def test_an_empty_cell_is_no_value_never_zero(empty: object) -> None:
    assert parse_decimal(empty) is None
    assert parse_float(empty) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12,5", "decimal_comma"),  # a decimal comma is never guessed (defect 3: 12,5 became 125)
        ("1,5", "decimal_comma"),
        ("1,23", "decimal_comma"),
        ("1,2345", "decimal_comma"),
        ("12,50,000", "decimal_comma"),
        ("inf", "invalid_number"),
        ("-Infinity", "invalid_number"),
        ("nan", "invalid_number"),
        ("1e400", "too_large"),  # defect 1: 1e400 was stored as "detected" with no value
        ("-1e400", "too_large"),
        ("abc", "invalid_number"),
        ("1.2.3", "invalid_number"),
        ("12 kg", "invalid_number"),
        ("0x10", "invalid_number"),
        ("1_000", "invalid_number"),
        ("--1", "invalid_number"),
        ("e5", "invalid_number"),
        (math.inf, "not_finite"),
        (-math.inf, "not_finite"),
        (math.nan, "not_finite"),
        (Decimal("Infinity"), "not_finite"),
        (Decimal("NaN"), "not_finite"),
        (True, "invalid_number"),
    ],
)
def test_parse_decimal_refuses_what_it_cannot_read_exactly(text: object, code: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_decimal(text)
    assert caught.value.code == code
    assert str(caught.value)  # the English message is filled in


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e300"), max_value=Decimal("1e300")))
def test_parse_decimal_of_any_finite_decimal_text_round_trips_exactly(value: Decimal) -> None:
    assert parse_decimal(str(value)) == value
    assert parse_decimal(f"{value:f}") == value


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=999))
def test_thousands_separators_are_read_exactly(whole: int, fraction: int) -> None:
    text = f"{whole:,}.{fraction:03d}"
    assert parse_decimal(text) == Decimal(f"{whole}.{fraction:03d}")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_float_keeps_every_finite_float(value: float) -> None:
    assert parse_float(value) == value
    assert parse_float(repr(value)) == value


# --- parse_yes_no ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("word", sorted(YES_WORDS))
def test_yes_words_read_as_yes(word: str) -> None:
    assert parse_yes_no(word) is True
    assert parse_yes_no(f" {word.upper()} ") is True


@pytest.mark.parametrize("word", sorted(NO_WORDS))
def test_no_words_read_as_no(word: str) -> None:
    # defect 2: 否, 不是, no, N and 0 were read as yes
    assert parse_yes_no(word) is False
    assert parse_yes_no(f" {word.upper()} ") is False


def test_the_words_are_the_documented_ones() -> None:
    assert {"是", "y", "yes", "true", "1"} <= YES_WORDS
    assert {"否", "不是", "无", "n", "no", "false", "0"} <= NO_WORDS
    assert not YES_WORDS & NO_WORDS


@pytest.mark.parametrize(
    ("value", "expected"), [(True, True), (False, False), (1, True), (0, False), (1.0, True), (0.0, False)]
)
def test_booleans_and_excel_numbers(value: object, expected: bool) -> None:
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("empty", [None, "", " "])
def test_an_empty_yes_no_cell_is_no_answer(empty: object) -> None:
    assert parse_yes_no(empty) is None


@given(st.text(max_size=8))
def test_parse_yes_no_accepts_exactly_the_listed_words(text: str) -> None:
    word = normalise_text(text).lower()
    if word == "":
        assert parse_yes_no(text) is None
    elif word in YES_WORDS:
        assert parse_yes_no(text) is True
    elif word in NO_WORDS:
        assert parse_yes_no(text) is False
    else:
        with pytest.raises(NumberError) as caught:
            parse_yes_no(text)
        assert caught.value.code == "invalid_yes_no"


@pytest.mark.parametrize("value", ["maybe", "2", "-1", "是的吗", "yess", 2, 0.5])
def test_anything_else_is_not_silently_yes(value: object) -> None:
    with pytest.raises(NumberError):
        parse_yes_no(value)


# --- NumberRange -----------------------------------------------------------------------------------------------------
def test_a_range_refuses_non_finite_values() -> None:
    for value in (math.inf, -math.inf, math.nan, Decimal("Infinity")):
        with pytest.raises(NumberError) as caught:
            NumberRange().check(value)
        assert caught.value.code == "not_finite"


def test_a_range_checks_its_bounds() -> None:
    number_range = NumberRange(0, 100, unit="%")
    number_range.check(0)
    number_range.check(100)
    number_range.check(Decimal("55.5"))
    with pytest.raises(NumberError) as below:
        number_range.check(-0.1)
    assert below.value.code == "below_minimum"
    with pytest.raises(NumberError) as above:
        number_range.check(100.01)
    assert above.value.code == "above_maximum"
    assert "100 %" in str(above.value)


def test_an_exclusive_minimum() -> None:
    positive = NumberRange(0, None, minimum_inclusive=False)
    positive.check(1e-300)
    with pytest.raises(NumberError) as caught:
        positive.check(0)
    assert caught.value.code == "not_above_minimum"


def test_a_value_after_conversion_to_infinity_is_refused() -> None:
    # defect 1: 1e308 µg/L is infinity in ng/L
    with pytest.raises(NumberError):
        NumberRange(0, 1e12).check(1e308 * 1000)


# --- decimal_places --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "places"),
    [("12.50", 1), ("12.5", 1), ("12", 0), ("1E+3", 0), ("0.001", 3), ("1.2e-3", 4), ("100", 0)],
)
def test_decimal_places(value: str, places: int) -> None:
    assert decimal_places(Decimal(value)) == places
