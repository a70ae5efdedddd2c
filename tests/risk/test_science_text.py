"""The notes the science core writes (English) reach a run's page in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from npgov.risk.templatetags.risk_labels import science_text
from npgov.science.risk import risk_quotient

NOTES = {
    "Kaplan–Meier p95 undefined for these data (NADA: NA); the maximum is used":
        "这些数据无法计算 Kaplan–Meier p95（NADA：NA），改用最大值",
    "never detected, but the LOQ (5) is not below the PNEC (4.4): risk cannot be excluded":
        "从未检出，但定量限（5）不低于 PNEC（4.4）：不能排除风险",
    "never detected: RQ < LOQ / PNEC = 0.0227, the category is the band of that upper bound":
        "从未检出：RQ < 定量限 / PNEC = 0.0227，类别取该上限所在档",
}  # fmt: skip


@pytest.mark.parametrize(("note", "chinese"), NOTES.items())
def test_a_run_note_is_shown_in_chinese(note: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert science_text(note) == chinese
    with translation.override("en"):
        assert science_text(note) == note


def test_the_notes_a_run_writes_are_the_ones_translated() -> None:
    written = {
        *risk_quotient(mec=None, pnec=4.4, loq=5)["notes"],
        *risk_quotient(mec=None, pnec=4.4, loq=0.1)["notes"],
    }
    assert written <= set(NOTES)
