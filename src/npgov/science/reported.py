"""Reading a result as a lab wrote it: a number, a non-detect with or without its limit, or not analysed.

Lab reports and spreadsheets write non-detects many ways: "<0.5", "＜0.5", "ND", "未检出", and the
Chinese monitoring convention of the detection limit followed by "L" ("0.02L", HJ 630 and the
surface-water standards' reporting rules). Each is kept as censored at its limit, never as zero:
:func:`parse_reported` reads the text, :func:`qualify` decides the qualifier and value once the row's limits
are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike


class Kind(StrEnum):
    NUMBER = "number"  # a measured value
    BELOW = "below"  # "<x" or "xL": censored at the limit x the lab wrote
    BELOW_LOD = "below_lod"  # "ND", "未检出": censored at the row's LOD
    BELOW_LOQ = "below_loq"  # "<LOQ", "检出未定量": censored at the row's LOQ
    NOT_ANALYSED = "not_analysed"  # "NA", "未检测"


def _token(text: str) -> str:
    return re.sub(r"\s+", "", text).upper().replace("＜", "<").replace("（", "(").replace("）", ")")


BELOW_LOD_WORDS = frozenset(
    _token(t)
    for t in ("ND", "N.D.", "N.D", "NOT DETECTED", "<LOD", "<DL", "<MDL", "BDL", "未检出", "未检出(ND)", "低于检出限",
              "<检出限", "检出限以下")
)  # fmt: skip
BELOW_LOQ_WORDS = frozenset(
    _token(t) for t in ("<LOQ", "<MQL", "<RL", "<QL", "低于定量限", "<定量限", "检出未定量", "未定量")
)
NOT_ANALYSED_WORDS = frozenset(
    _token(t) for t in ("NA", "N/A", "N.A.", "未检测", "未分析", "未测", "/", "-", "—", "--")
)

_NUMBER = r"[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
_BELOW_RE = re.compile(rf"^(?:<|≤|<=)({_NUMBER})$")
_SUFFIX_L_RE = re.compile(rf"^({_NUMBER})L$")
_NUMBER_RE = re.compile(rf"^[-+]?(?:{_NUMBER})$")


@dataclass(frozen=True)
class Reported:
    kind: Kind
    number: float | None = None


class ReportedValueError(ValueError):
    """``code`` is "empty", "negative" or "unreadable", for a localised message."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


def parse_reported(text: str) -> Reported:
    """Parse one reported value; raises :class:`ReportedValueError`."""
    token = _token(text or "")
    if not token:
        raise ReportedValueError("empty", text)
    if _NUMBER_RE.match(token):
        number = float(token)
        if number < 0:
            raise ReportedValueError("negative", text)
        return Reported(Kind.NUMBER, number)
    for pattern in (_BELOW_RE, _SUFFIX_L_RE):
        match = pattern.match(token)
        if match:
            return Reported(Kind.BELOW, float(match.group(1)))
    if token in BELOW_LOD_WORDS:
        return Reported(Kind.BELOW_LOD)
    if token in BELOW_LOQ_WORDS:
        return Reported(Kind.BELOW_LOQ)
    if token in NOT_ANALYSED_WORDS:
        return Reported(Kind.NOT_ANALYSED)
    if token.startswith("-") and _NUMBER_RE.match(token):
        raise ReportedValueError("negative", text)
    raise ReportedValueError("unreadable", text)


# --- the qualifier rule: what a parsed value means once the row's limits are known ------------------------------


class Qualifier(StrEnum):
    """What a stored result is (the values ``monitoring.choices.Qualifier`` stores)."""

    DETECTED = "detected"
    BELOW_LOD = "lt_lod"
    BELOW_LOQ = "lt_loq"
    NOT_ANALYSED = "not_analysed"


QUALIFIERS = (Qualifier.DETECTED, Qualifier.BELOW_LOD, Qualifier.BELOW_LOQ, Qualifier.NOT_ANALYSED)  # code → value
CENSORED_QUALIFIERS = frozenset({Qualifier.BELOW_LOD, Qualifier.BELOW_LOQ})
LIMIT_TOLERANCE = 1e-9  # relative: "<x" names the LOQ (or LOD) when x equals it to this precision


@dataclass(frozen=True)
class Qualified:
    """Per result: its qualifier (a code into :data:`QUALIFIERS`), its value and the two quality flags."""

    qualifier: np.ndarray  # int8 codes into QUALIFIERS
    value: np.ndarray  # the number, or the limit a non-detect is censored at; NaN when not analysed
    below_lod_reported: np.ndarray  # a number reported below the row's LOD
    limit_differs: np.ndarray  # "<x" where x is neither the row's LOD nor its LOQ


def qualify(*, kind: ArrayLike, number: ArrayLike, below_at: ArrayLike, lod: ArrayLike, loq: ArrayLike) -> Qualified:
    """The non-detect rule, for whole columns at once (missing numbers are NaN).

    ``kind`` is the :class:`Kind` of each parsed value, ``number`` the measured value (kind NUMBER),
    ``below_at`` the limit written with "<x" or "xL" (kind BELOW), ``lod``/``loq`` the row's limits.
    A number is detected. "<x" is < LOQ when x is the row's LOQ and < LOD otherwise, censored at x; "ND" is
    < LOD at the row's LOD and "<LOQ" is < LOQ at its LOQ; "NA" is not analysed and has no value. A non-detect
    is never zero.
    """
    kinds = np.asarray(kind)
    is_number, is_below = kinds == Kind.NUMBER, kinds == Kind.BELOW
    is_below_lod, is_below_loq = kinds == Kind.BELOW_LOD, kinds == Kind.BELOW_LOQ
    is_not_analysed = kinds == Kind.NOT_ANALYSED
    x, at = np.asarray(number, dtype=float), np.asarray(below_at, dtype=float)
    lod_x, loq_x = np.asarray(lod, dtype=float), np.asarray(loq, dtype=float)
    with np.errstate(invalid="ignore"):
        at_loq = np.abs(at - loq_x) <= LIMIT_TOLERANCE * np.clip(np.abs(loq_x), 1e-300, None)
        at_lod = np.abs(at - lod_x) <= LIMIT_TOLERANCE * lod_x
        below_lod_reported = is_number & (x < lod_x)
    qualifier = np.select(
        [is_number, is_not_analysed, is_below_loq | (is_below & at_loq)],
        [QUALIFIERS.index(Qualifier.DETECTED), QUALIFIERS.index(Qualifier.NOT_ANALYSED),
         QUALIFIERS.index(Qualifier.BELOW_LOQ)],
        default=QUALIFIERS.index(Qualifier.BELOW_LOD),
    ).astype(np.int8)  # fmt: skip
    value = np.select([is_number, is_below, is_below_lod, is_below_loq], [x, at, lod_x, loq_x], default=np.nan)
    limit_differs = is_below & ~(np.isnan(lod_x) & np.isnan(loq_x)) & ~(at_lod | at_loq)
    return Qualified(qualifier=qualifier, value=value, below_lod_reported=below_lod_reported,
                     limit_differs=limit_differs)  # fmt: skip
