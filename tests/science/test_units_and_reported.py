"""Units through pint and reported values as labs write them."""

from __future__ import annotations

import pytest

from npgov.science.reported import Kind, ReportedValueError, parse_reported
from npgov.science.units import UnitError, canonical_unit, conversion


@pytest.mark.parametrize(
    ("unit", "matrix", "factor", "canonical"),
    [
        ("ng/L", "water", 1.0, "ng/L"),
        ("µg/L", "water", 1000.0, "ng/L"),  # micro sign
        ("μg/L", "water", 1000.0, "ng/L"),  # Greek mu
        ("ug/L", "water", 1000.0, "ng/L"),
        ("mg/L", "water", 1e6, "ng/L"),
        ("pg/L", "water", 0.001, "ng/L"),
        ("ng/g dw", "sediment", 1.0, "ng/g dw"),
        ("µg/kg", "soil", 1.0, "ng/g dw"),
        ("mg/kg 干重", "soil", 1000.0, "ng/g dw"),
        ("ng/g ww", "biota", 1.0, "ng/g ww"),
        ("ng/m3", "air", 1.0, "ng/m³"),
        ("pg/m³", "air", 0.001, "ng/m³"),
    ],
)
def test_conversion_to_the_canonical_unit(unit: str, matrix: str, factor: float, canonical: str) -> None:
    result = conversion(unit, matrix)
    assert result.factor == factor
    assert result.canonical == canonical == canonical_unit(matrix)


@pytest.mark.parametrize(
    ("unit", "matrix", "code"),
    [
        ("ppb", "water", "unknown"),  # ambiguous: refused rather than guessed
        ("bananas/L", "water", "unknown"),
        ("furlongs", "water", "dimension"),
        ("", "water", "unknown"),
        ("mg/kg", "water", "dimension"),  # a mass fraction for a water sample
        ("ng/m3", "water", "dimension"),  # per cubic metre is air
        ("ng/L", "air", "dimension"),
        ("ng/g dw", "biota", "basis"),  # biota is on wet weight
        ("ng/g ww", "sediment", "basis"),
        ("ng/L", "product", "matrix"),
    ],
)
def test_units_that_do_not_fit_are_refused(unit: str, matrix: str, code: str) -> None:
    with pytest.raises(UnitError) as caught:
        conversion(unit, matrix)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("1.5", Kind.NUMBER, 1.5),
        ("0", Kind.NUMBER, 0.0),
        ("1e-3", Kind.NUMBER, 0.001),
        (".5", Kind.NUMBER, 0.5),
        ("<0.02", Kind.BELOW, 0.02),
        ("＜ 0.5", Kind.BELOW, 0.5),  # full-width sign and a space
        ("≤0.5", Kind.BELOW, 0.5),
        ("0.02L", Kind.BELOW, 0.02),  # the Chinese monitoring convention: limit followed by L
        ("ND", Kind.BELOW_LOD, None),
        ("n.d.", Kind.BELOW_LOD, None),
        ("未检出", Kind.BELOW_LOD, None),
        ("<LOD", Kind.BELOW_LOD, None),
        ("<LOQ", Kind.BELOW_LOQ, None),
        ("检出未定量", Kind.BELOW_LOQ, None),
        ("NA", Kind.NOT_ANALYSED, None),
        ("未检测", Kind.NOT_ANALYSED, None),
    ],
)
def test_reported_values(text: str, kind: Kind, number: float | None) -> None:
    assert parse_reported(text) == (parse_reported(text).__class__(kind, number))


@pytest.mark.parametrize(
    ("text", "code"), [("-3", "negative"), ("abc", "unreadable"), ("", "empty"), ("1,5", "unreadable")]
)
def test_unreadable_reported_values(text: str, code: str) -> None:
    with pytest.raises(ReportedValueError) as caught:
        parse_reported(text)
    assert caught.value.code == code
