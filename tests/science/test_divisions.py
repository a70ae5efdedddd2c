from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.divisions import PROVINCE_PREFIXES, DivisionCodeError, is_zone_code, parse_division_code


@pytest.mark.parametrize(
    ("code", "level"), [("210000", "province"), ("210200", "prefecture"), ("210211", "county"), ("320707", "county")]
)
def test_it_parses_real_codes_with_their_level(code: str, level: str) -> None:
    assert parse_division_code(code).level == level


@pytest.mark.parametrize("code", ["", "21020", "2102000", "21020a", "990000", "210011"])
def test_it_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(DivisionCodeError):
        parse_division_code(code)


def test_it_knows_the_parents_of_a_county() -> None:
    code = parse_division_code("210211")
    assert (code.province, code.prefecture) == ("210000", "210200")


@given(st.sampled_from(sorted(PROVINCE_PREFIXES)), st.integers(1, 99), st.integers(1, 99))
def test_it_accepts_every_well_formed_county_code(province: str, prefecture: int, county: int) -> None:
    code = f"{province}{prefecture:02d}{county:02d}"
    assert parse_division_code(code).level == "county"


@given(st.text(max_size=8))
def test_it_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        parse_division_code(text)
    except DivisionCodeError:
        pass


def test_it_recognises_internal_zone_codes() -> None:
    assert is_zone_code("210200Z01")
    assert not is_zone_code("210200")
    assert not is_zone_code("990000Z01")
