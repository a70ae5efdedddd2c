from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.identifiers import (
    IdentifierError,
    cas_check_digit,
    is_inchikey,
    is_valid_cas,
    looks_like_cas,
    normalise_cas,
    normalise_ec,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1763-23-1", "1763-23-1"),  # PFOS
        (" 0002795-39-3 ", "2795-39-3"),  # leading zeros, spaces
        ("２７９５－３９－３", "2795-39-3"),  # full-width, as pasted from Chinese documents
        ("CAS 335-67-1", "335-67-1"),
        ("CAS RN: 75-09-2", "75-09-2"),
        ("1163 19 5", "1163-19-5"),
        ("7732185", "7732-18-5"),
        ("50-00-0", "50-00-0"),
    ],
)
def test_it_normalises_cas_numbers(raw: str, expected: str) -> None:
    assert normalise_cas(raw) == expected


def test_it_rejects_a_wrong_check_digit_and_says_which() -> None:
    with pytest.raises(IdentifierError) as caught:
        normalise_cas("1763-23-2")
    assert caught.value.code == "cas_check_digit" and caught.value.params == {"expected": 1, "found": 2}


@pytest.mark.parametrize("raw", ["", "abc", "1-23-4", "12345678-12-1", "1763-2-1", "toluene"])
def test_it_rejects_text_that_is_no_cas_number(raw: str) -> None:
    assert not is_valid_cas(raw)


@given(st.integers(min_value=10, max_value=9_999_999), st.integers(min_value=0, max_value=99))
def test_a_number_with_its_check_digit_is_always_valid(first: int, second: int) -> None:
    body = f"{first}{second:02d}"
    cas = f"{first}-{second:02d}-{cas_check_digit(body)}"
    assert normalise_cas(cas) == cas
    assert looks_like_cas(cas)


@given(st.integers(min_value=10, max_value=9_999_999), st.integers(min_value=0, max_value=99), st.integers(1, 9))
def test_every_other_check_digit_is_rejected(first: int, second: int, shift: int) -> None:
    wrong = (cas_check_digit(f"{first}{second:02d}") + shift) % 10
    assert not is_valid_cas(f"{first}-{second:02d}-{wrong}")


@given(st.text(max_size=20))
def test_it_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        normalise_cas(text)
    except IdentifierError:
        pass


def test_it_checks_ec_numbers() -> None:
    assert normalise_ec("200-838-9") == "200-838-9"  # dichloromethane
    with pytest.raises(IdentifierError):
        normalise_ec("200-838-8")


def test_it_recognises_inchikeys() -> None:
    assert is_inchikey("YFSUTJLHUFNCNZ-UHFFFAOYSA-N")
    assert not is_inchikey("YFSUTJLHUFNCNZ-UHFFFAOYSA")
    assert not is_inchikey("1763-23-1")


USCC_BODY = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17)


@given(USCC_BODY)
def test_a_code_with_its_check_character_is_accepted(body: str) -> None:
    from npgov.science.identifiers import normalise_uscc, uscc_check_character

    code = body + uscc_check_character(body)
    assert normalise_uscc(code.lower()) == code


@given(USCC_BODY, st.integers(1, 30))
def test_any_other_check_character_is_refused(body: str, shift: int) -> None:
    from npgov.science.identifiers import USCC_ALPHABET, normalise_uscc, uscc_check_character

    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(uscc_check_character(body)) + shift) % 31]
    with pytest.raises(IdentifierError) as caught:
        normalise_uscc(body + wrong)
    assert caught.value.code == "uscc_check_character"


@pytest.mark.parametrize("raw", ["", "91310000MA1FL2JX0", "91310000MA1FL2JX0OO", "I1310000MA1FL2JX0A"])
def test_malformed_credit_codes_are_refused(raw: str) -> None:
    from npgov.science.identifiers import normalise_uscc

    with pytest.raises(IdentifierError) as caught:
        normalise_uscc(raw)
    assert caught.value.code == "uscc_format"


@pytest.mark.parametrize("code", ["9144030071526726XG", "91110000802100433B"])
def test_real_credit_codes_and_their_organisation_codes_check_out(code: str) -> None:
    """Two published codes of large companies: both check characters must come out right."""
    from npgov.science.identifiers import normalise_uscc, organisation_code_check

    assert normalise_uscc(code) == code
    assert organisation_code_check(code[8:16]) == code[16]
