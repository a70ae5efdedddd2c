"""science.compliance: bans from their effective date, exemption windows, restrictions, emission controls."""

from __future__ import annotations

from datetime import date

from npgov.science.compliance import Activity, Exemption, Measure, evaluate

FOAM = Exemption(use="用于生产灭火泡沫药剂", until=date(2023, 12, 31))
LITHOGRAPHY = Exemption(use="（1）半导体制造中的光刻或蚀刻工艺", until=None)
BAN_USE = Measure(key=1, kind="ban_processing_use", activities=("processing_use",), effective=date(2023, 3, 1),
                  exemptions=(FOAM, LITHOGRAPHY))  # fmt: skip


def year(y: int, activity: str = "processing_use", exempted: str = "", releases: float = 0.0) -> Activity:
    return Activity(activity, date(y, 1, 1), date(y, 12, 31), exempted_use=exempted, releases_kg=releases)


def rules(line: Activity, *measures: Measure) -> list[tuple[str, str]]:
    return [(b.rule, b.severity) for b in evaluate(line, measures)]


def test_a_ban_applies_from_its_effective_date() -> None:
    assert rules(year(2022), BAN_USE) == []  # before the ban
    assert rules(year(2023), BAN_USE) == [("ban_began", "medium")]  # began within the year: show when it stopped
    assert rules(year(2024), BAN_USE) == [("ban", "high")]
    assert rules(year(2024, activity="export"), BAN_USE) == []  # another activity


def test_exemptions_count_within_their_window() -> None:
    assert rules(year(2023, exempted="用于生产灭火泡沫药剂"), BAN_USE) == []
    expired = evaluate(year(2024, exempted="用于生产灭火泡沫药剂"), [BAN_USE])
    assert [(b.rule, b.facts["until"]) for b in expired] == [("exemption_expired", "2023-12-31")]
    # no end date printed: still exempt; the list's numbering "（1）" does not matter
    assert rules(year(2026, exempted="半导体制造中的光刻或蚀刻工艺"), BAN_USE) == []
    assert rules(year(2026, exempted="无"), BAN_USE) == [("ban", "high")]  # an unlisted use is no exemption
    # a fragment of a listed use names no exemption; more detail around the whole use does
    assert rules(year(2026, exempted="用于"), BAN_USE) == [("ban", "high")]
    assert rules(year(2026, exempted="半导体"), BAN_USE) == [("ban", "high")]
    assert rules(year(2026, exempted="本公司：半导体制造中的光刻或蚀刻工艺（12英寸线）"), BAN_USE) == []


def test_restrictions_and_emission_controls_ask_for_proof() -> None:
    restrict = Measure(key=2, kind="restrict_processing_use", activities=("processing_use", "product"),
                       effective=date(2023, 3, 1))  # fmt: skip
    emission = Measure(key=3, kind="emission_control", effective=date(2023, 3, 1))
    assert rules(year(2024), restrict, emission) == [("restriction", "low")]
    assert rules(year(2024, releases=12.5), restrict, emission) == [("restriction", "low"), ("emission", "low")]
    ended = Measure(key=4, kind="ban_production", effective=date(2020, 1, 1), until=date(2021, 12, 31))
    assert rules(year(2024, activity="production"), ended) == []  # a measure no longer in force
