"""The reviewer's cross-checks: tenfold year-on-year change and release factors far from industry peers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from npgov.science.plausibility import peer_release_factor, release_factor, year_on_year


@pytest.mark.parametrize(
    ("now", "before", "flagged"),
    [
        ("12", "10", False),
        ("101", "10", True),
        ("1", "10.1", True),
        ("1", "10", False),
        ("5", "0", True),
        ("0", "3", True),
    ],
)
def test_year_on_year_flags_beyond_tenfold_either_way(now: str, before: str, flagged: bool) -> None:
    assert (year_on_year(D(now), D(before)) is not None) is flagged


def test_no_previous_report_means_no_flag() -> None:
    assert year_on_year(D("1000"), None) is None


def test_release_factor_is_kg_per_tonne() -> None:
    assert release_factor(D("2"), D("30")) == D("15")
    assert release_factor(D("0"), D("30")) is None


def test_peer_check_needs_three_peers_and_a_tenfold_gap() -> None:
    peers = [D("1"), D("2"), D("3")]
    assert peer_release_factor(D("25"), peers[:2]) is None  # too few peers to compare (and to disclose)
    flag = peer_release_factor(D("25"), peers)
    assert flag is not None and flag.reference == D("2") and flag.code == "peer_release_factor"
    assert peer_release_factor(D("15"), peers) is None
    assert peer_release_factor(D("0"), [D("0")] * 3) is None
    assert peer_release_factor(D("4"), [D("0")] * 3) is not None
