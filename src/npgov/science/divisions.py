"""Administrative division codes (GB/T 2260, 中华人民共和国行政区划代码).

A code has six digits: two for the province-level division, two for the prefecture and two for
the county. Province prefixes are fixed by the standard; a prefecture or county part of 00 means
"the level above itself".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Province-level prefixes of GB/T 2260 (including 71 Taiwan, 81 Hong Kong, 82 Macao).
PROVINCE_PREFIXES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip

_CODE = re.compile(r"^\d{6}$")
# Functional zones without an official code get an internal one: the parent's code, "Z", two digits.
_ZONE_CODE = re.compile(r"^\d{6}Z\d{2}$")


class DivisionCodeError(ValueError):
    """A string that is not a valid division code; the message says why."""


@dataclass(frozen=True)
class DivisionCode:
    code: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0000":
            return "province"
        if self.code[4:] == "00":
            return "prefecture"
        return "county"

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"

    @property
    def prefecture(self) -> str | None:
        return None if self.level == "province" else self.code[:4] + "00"


def parse_division_code(raw: str) -> DivisionCode:
    """Validate a GB/T 2260 code; raise DivisionCodeError with the reason."""
    code = (raw or "").strip()
    if not _CODE.match(code):
        raise DivisionCodeError("a division code has exactly six digits")
    if code[:2] not in PROVINCE_PREFIXES:
        raise DivisionCodeError(f"{code[:2]} is not a province-level prefix of GB/T 2260")
    if code[2:4] == "00" and code[4:] != "00":
        raise DivisionCodeError("a county part needs a prefecture part")
    return DivisionCode(code)


def is_zone_code(raw: str) -> bool:
    """Whether ``raw`` is NPGov's internal code for a zone without an official code (e.g. 210200Z01)."""
    return bool(_ZONE_CODE.match(raw or "")) and raw[:2] in PROVINCE_PREFIXES
