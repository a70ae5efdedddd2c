"""Product results against content limits: reading values and units, and judging pass or fail (no database)."""

from __future__ import annotations

import pytest

from npgov.science.products import (
    CONTENT,
    EACH,
    MIGRATION,
    NOT_ANALYSED,
    SUM,
    UNKNOWN_UNIT,
    LimitSpec,
    ResultSpec,
    judge,
    parse_unit,
    parse_value,
    significant,
)

DEHP, DBP, BBP = 1, 2, 3
# GB 6675.1-2014: DEHP + DBP + BBP ≤ 0.1 % (1000 mg/kg) in toys.
PHTHALATES_SUM = LimitSpec(pk=10, substance_ids=frozenset({DEHP, DBP, BBP}), basis=SUM, measurement=CONTENT,
                           limit_mg_kg=1000.0)  # fmt: skip
DEHP_EACH = LimitSpec(pk=20, substance_ids=frozenset({DEHP}), basis=EACH, measurement=CONTENT, limit_mg_kg=1000.0)


@pytest.mark.parametrize(
    ("text", "unit", "mg_kg"),
    [("0.08", "%", 800.0), ("0.8", "g/kg", 800.0), ("800", "ppm", 800.0), ("800", "mg/kg", 800.0),
     ("800000", "µg/kg", 800.0), ("0.08", "％", 800.0), ("800000", "ppb", 800.0)],
)  # fmt: skip
def test_a_value_is_converted_to_mg_per_kg_from_its_unit(text: str, unit: str, mg_kg: float) -> None:
    parsed, errors = parse_value(text, unit)
    assert errors == {} and parsed is not None
    assert parsed.detected and parsed.mg_kg == pytest.approx(mg_kg)


def test_a_unit_is_stored_in_its_canonical_spelling() -> None:
    assert parse_unit(" PPM ") == "mg/kg" and parse_unit("μg/kg") == "µg/kg" and parse_unit("%（m/m）") == "%"
    with pytest.raises(ValueError):
        parse_unit("mg/L")


@pytest.mark.parametrize("text", ["ND", "未检出", "<0.01"])
def test_a_non_detect_counts_as_zero_and_keeps_the_limit_the_lab_wrote(text: str) -> None:
    parsed, errors = parse_value(text, "%")
    assert errors == {} and parsed is not None
    assert not parsed.detected and parsed.mg_kg == 0.0 and parsed.reported == text
    assert parsed.value == (0.01 if text == "<0.01" else None)


def test_unreadable_values_and_units_are_returned_as_codes_by_field() -> None:
    assert parse_value("0.1", "mg/L") == (None, {"unit": UNKNOWN_UNIT})
    assert parse_value("", "%") == (None, {"value": "empty"})
    assert parse_value("-1", "%") == (None, {"value": "negative"})
    assert parse_value("abc", "furlong") == (None, {"unit": UNKNOWN_UNIT, "value": "unreadable"})
    assert parse_value("NA", "%") == (None, {"value": NOT_ANALYSED})


def test_a_result_above_an_each_limit_fails_and_below_it_passes() -> None:
    judged = judge([ResultSpec(1, DEHP, CONTENT, 1200.0), ResultSpec(2, DEHP, CONTENT, 300.0)], [DEHP_EACH])
    assert judged[1] is not None and judged[1].failed and judged[1].compared_mg_kg == 1200.0
    assert judged[2] is not None and not judged[2].failed


def test_a_value_equal_to_the_limit_passes_even_as_a_float_sum() -> None:
    # 0.07 % + 0.03 % in mg/kg is 1000.0000000000001 in floats: "not more than" still holds.
    results = [ResultSpec(1, DEHP, CONTENT, 0.07 * 10_000), ResultSpec(2, DBP, CONTENT, 0.03 * 10_000)]
    judged = judge(results, [PHTHALATES_SUM])
    assert all(j is not None and not j.failed for j in judged.values())
    assert judge([ResultSpec(1, DEHP, CONTENT, 1000.0)], [DEHP_EACH])[1].failed is False  # type: ignore[union-attr]


def test_a_sum_limit_judges_every_member_by_the_sum_and_non_detects_add_nothing() -> None:
    results = [ResultSpec(1, DEHP, CONTENT, 600.0), ResultSpec(2, DBP, CONTENT, 500.0),
               ResultSpec(3, BBP, CONTENT, 0.0)]  # fmt: skip
    judged = judge(results, [PHTHALATES_SUM])
    assert all(j is not None and j.failed and j.compared_mg_kg == 1100.0 for j in judged.values())


def test_a_failing_limit_decides_over_a_passing_one_and_unlimited_results_have_none() -> None:
    results = [ResultSpec(1, DEHP, CONTENT, 900.0), ResultSpec(2, DBP, CONTENT, 200.0), ResultSpec(4, 99, CONTENT, 5.0)]
    judged = judge(results, [DEHP_EACH, PHTHALATES_SUM])
    assert judged[1] is not None and judged[1].failed and judged[1].limit == PHTHALATES_SUM.pk
    assert judged[4] is None


def test_only_results_measured_as_the_limit_is_are_compared() -> None:
    judged = judge([ResultSpec(1, DEHP, MIGRATION, 5000.0)], [DEHP_EACH])
    assert judged[1] is None


def test_values_shown_to_people_lose_binary_noise() -> None:
    assert significant(0.12000000000000001) == 0.12
