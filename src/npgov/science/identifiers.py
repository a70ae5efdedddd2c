"""Chemical identifiers: CAS registry numbers, EC numbers, InChIKeys.

CAS RN: 2–7 digits, 2 digits, 1 check digit. The check digit is the sum of the other digits, each
multiplied by its position counted from the right (1, 2, 3, …), modulo 10 (CAS, "CAS Registry
Number" format description). EC number: NNN-NNN-R where R is the sum of the first six digits each
multiplied by its position from the left, modulo 11 (ECHA, EC inventory).
"""

from __future__ import annotations

import re
import unicodedata

# Separators: any dash a word processor or an input method produces (NFKC has already made "－" and "﹣" a "-";
# the minus sign, figure dash and horizontal bar it leaves alone).
_DASHES = r"\s\-‐‑‒–—―−"
_CAS_LOOSE = re.compile(
    rf"^(?:CAS(?:\s*(?:RN|NO\.?))?[\s:#]*)?0*(\d{{1,7}})[{_DASHES}]+(\d{{2}})[{_DASHES}]+(\d)$", re.I | re.ASCII
)
_CAS_DIGITS = re.compile(r"^\d{5,10}$", re.ASCII)
_EC_SHAPE = re.compile(r"^(\d{3})-(\d{3})-(\d)$")
_INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{8}[SN]A-[A-Z]$")


class IdentifierError(ValueError):
    """An identifier with the right shape but a wrong check digit, or no valid shape at all."""

    def __init__(self, code: str, value: str, **params: object) -> None:
        super().__init__(f"{code}: {value}")
        self.code, self.value, self.params = code, value, params


def _fold(raw: str) -> str:
    """Full-width digits and hyphens (common in Chinese documents) to ASCII, outer spaces removed.

    The patterns then match ASCII digits only (``re.ASCII``): other scripts' digits (Arabic-Indic …),
    which NFKC leaves alone, are not a CAS RN as anyone writes it.
    """
    return unicodedata.normalize("NFKC", raw or "").strip()


def fold_identifier(raw: str) -> str:
    """An identifier as typed, with full-width forms made half-width (``５０－００－０`` → ``50-00-0``)."""
    return _fold(raw)


def cas_check_digit(body: str) -> int:
    """The check digit for the digits before it (the first two parts of a CAS RN, without hyphens)."""
    return sum(int(digit) * weight for weight, digit in enumerate(reversed(body), start=1)) % 10


def looks_like_cas(raw: str) -> bool:
    """Whether the text has the shape of a CAS RN (whatever its check digit)."""
    return bool(_CAS_LOOSE.match(_fold(raw)))


def normalise_cas(raw: str) -> str:
    """The CAS RN in canonical form (``1763-23-1``) or IdentifierError.

    Accepts full-width characters, spaces or dashes of any kind as separators, a ``CAS`` prefix and
    leading zeros (``0001763-23-1``); also the digits alone when long enough (``1763231``).
    """
    text = _fold(raw)
    match = _CAS_LOOSE.match(text)
    if match:
        first, second, check = match.groups()
    elif _CAS_DIGITS.match(text):
        digits = text.lstrip("0")
        first, second, check = digits[:-3], digits[-3:-1], digits[-1]
    else:
        raise IdentifierError("cas_format", raw)
    first = first.lstrip("0") or "0"
    if len(first) < 2:
        raise IdentifierError("cas_format", raw)
    expected = cas_check_digit(first + second)
    if expected != int(check):
        raise IdentifierError("cas_check_digit", raw, expected=expected, found=int(check))
    return f"{first}-{second}-{check}"


def is_valid_cas(raw: str) -> bool:
    try:
        normalise_cas(raw)
    except IdentifierError:
        return False
    return True


def ec_check_digit(body: str) -> int:
    return sum(int(digit) * weight for weight, digit in enumerate(body, start=1)) % 11


def normalise_ec(raw: str) -> str:
    """An EC number (``200-838-9``) checked against its check digit, or IdentifierError."""
    text = _fold(raw)
    match = _EC_SHAPE.match(text)
    if not match:
        raise IdentifierError("ec_format", raw)
    first, second, check = match.groups()
    expected = ec_check_digit(first + second)
    if expected == 10 or expected != int(check):
        raise IdentifierError("ec_check_digit", raw, expected=expected, found=int(check))
    return text


def is_inchikey(raw: str) -> bool:
    """Whether the text has the shape of a standard InChIKey (27 characters, 14-10-1 blocks)."""
    return bool(_INCHIKEY.match(_fold(raw).upper()))


def normalise_inchikey(raw: str) -> str:
    text = _fold(raw).upper()
    if not _INCHIKEY.match(text):
        raise IdentifierError("inchikey_format", raw)
    return text


# --- unified social credit code (统一社会信用代码, GB 32100-2015) ---------------------------------------
# 18 characters: registration authority (1), organisation category (1), division code (6), organisation
# code (9, with its own GB 11714 check digit) and a check character. The alphabet leaves out I, O, S, V, Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def uscc_check_character(body: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015, clause 4.3)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def organisation_code_check(body: str) -> str:
    """The 9th character of an organisation code for its first 8 (GB 11714-1997)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else ("0" if value == 11 else str(value))


def normalise_uscc(raw: str) -> str:
    """A unified social credit code, upper-cased and checked, or IdentifierError saying what is wrong."""
    text = _fold(raw).upper().replace(" ", "")
    if not _USCC_SHAPE.match(text):
        raise IdentifierError("uscc_format", raw)
    expected = uscc_check_character(text[:17])
    if text[17] != expected:
        raise IdentifierError("uscc_check_character", raw, expected=expected, found=text[17])
    return text
