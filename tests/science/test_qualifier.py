"""The qualifier rule: a parsed value and the row's limits → detected, < LOD, < LOQ or not analysed, and its value."""

from __future__ import annotations

import math

import numpy as np

from npgov.science.reported import QUALIFIERS, Kind, Qualifier, parse_reported, qualify

NAN = math.nan


def _one(text: str, *, lod: float = NAN, loq: float = NAN) -> tuple[Qualifier, float, bool, bool]:
    parsed = parse_reported(text)
    number = parsed.number if parsed.kind == Kind.NUMBER else NAN
    below_at = parsed.number if parsed.kind == Kind.BELOW else NAN
    out = qualify(kind=[parsed.kind], number=[number], below_at=[below_at], lod=[lod], loq=[loq])
    return (
        QUALIFIERS[out.qualifier[0]],
        float(out.value[0]),
        bool(out.below_lod_reported[0]),
        bool(out.limit_differs[0]),
    )


def test_a_number_is_detected_at_its_value() -> None:
    assert _one("1.5", lod=0.5, loq=1.0) == (Qualifier.DETECTED, 1.5, False, False)


def test_a_number_below_the_lod_is_detected_but_flagged() -> None:
    assert _one("0.2", lod=0.5, loq=1.0) == (Qualifier.DETECTED, 0.2, True, False)


def test_nd_and_its_chinese_form_are_censored_at_the_rows_lod() -> None:
    assert _one("ND", lod=0.5, loq=1.0) == (Qualifier.BELOW_LOD, 0.5, False, False)
    assert _one("未检出", lod=0.3) == (Qualifier.BELOW_LOD, 0.3, False, False)


def test_below_x_is_below_the_loq_when_x_is_the_loq() -> None:
    assert _one("<1", lod=0.5, loq=1.0) == (Qualifier.BELOW_LOQ, 1.0, False, False)


def test_below_x_and_x_l_are_below_the_lod_otherwise_at_the_limit_written() -> None:
    assert _one("<0.5", lod=0.5, loq=1.0) == (Qualifier.BELOW_LOD, 0.5, False, False)
    assert _one("0.5L") == (Qualifier.BELOW_LOD, 0.5, False, False)


def test_a_limit_other_than_the_rows_limits_is_flagged() -> None:
    assert _one("<0.7", lod=0.5, loq=1.0) == (Qualifier.BELOW_LOD, 0.7, False, True)


def test_below_loq_words_are_censored_at_the_rows_loq() -> None:
    assert _one("<LOQ", lod=0.5, loq=1.0) == (Qualifier.BELOW_LOQ, 1.0, False, False)


def test_not_analysed_has_no_value() -> None:
    qualifier, value, below_lod, differs = _one("NA", lod=0.5)
    assert qualifier == Qualifier.NOT_ANALYSED and math.isnan(value) and not below_lod and not differs


def test_it_takes_whole_columns() -> None:
    out = qualify(kind=np.array(["number", "below", "below_lod"], dtype=object), number=[2.0, NAN, NAN],
                  below_at=[NAN, 1.0, NAN], lod=[0.5, 0.5, 0.5], loq=[1.0, 1.0, 1.0])  # fmt: skip
    assert [QUALIFIERS[c] for c in out.qualifier] == ["detected", "lt_loq", "lt_lod"]
    assert out.value.tolist() == [2.0, 1.0, 0.5]
