"""Reading a result as a lab wrote it: a number, a non-detect with or without its limit, or not analysed.

Lab reports and spreadsheets write non-detects many ways: "<0.5", "＜0.5", "ND", "未检出", and the
Chinese monitoring convention of the detection limit followed by "L" ("0.02L", HJ 630 and the
surface-water standards' reporting rules). Each is kept as censored at its limit, never as zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


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
