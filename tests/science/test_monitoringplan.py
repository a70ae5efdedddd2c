"""The draft of next year's monitoring plan: candidates, reasons, scores, budget and laboratory (hand-worked)."""

from __future__ import annotations

import pytest

from npgov.science import monitoringplan as mp
from npgov.science.monitoringplan import Inputs, Measured, Parameters, Series, SitePoint, Source

# Three sites: S1 and S2 are 8.64 km apart (0.1° of longitude at 39° N), S3 is far away and has no neighbours.
S1 = SitePoint(1, 10, 39.0, 121.6)
S2 = SitePoint(2, 20, 39.0, 121.7)
S3 = SitePoint(3, 30, 40.0, 122.0)
REPORTED, ESTIMATED, MEASURED, FREQUENT = 100, 200, 300, 400  # substance ids


def inputs() -> Inputs:
    return Inputs(
        sites=[S1, S2, S3],
        sources=[Source(REPORTED, 10, 39.0, 121.6), Source(ESTIMATED, 30)],  # the second has no coordinates
        listed=frozenset({ESTIMATED, MEASURED}),
        measured={(1, MEASURED): Measured(3.0, "high"), (2, MEASURED): Measured(1.5, "cannot conclude"),
                  (3, MEASURED): Measured(0.01, "low")},
        series={(1, MEASURED): Series(8, 1.0, "increasing"), (2, MEASURED): Series(4, 0.0, None),
                (3, MEASURED): Series(4, 0.25, "no trend"), (2, FREQUENT): Series(6, 0.5, "no trend"),
                (1, REPORTED): Series(4, 0.0, "no trend")},
        estimated={ESTIMATED: 2.5},
        methods={REPORTED: [7], MEASURED: [7, 8], FREQUENT: [8]},
        lab_districts={7: 10, 8: 20},
    )  # fmt: skip


def rows(draft: mp.Draft) -> list[tuple[int, int, int, tuple[str, ...], int | None, bool]]:
    return [(ln.site_id, ln.substance_id, ln.score, ln.reasons, ln.lab_id, ln.selected) for ln in draft.lines]


def test_it_ranks_the_candidates_with_their_reasons_and_chooses_within_the_budget() -> None:
    # when: 4 samples a year per line, 12 analyses, 10 km
    draft = mp.draft(inputs(), Parameters(budget=12, samples_per_year=4, distance_km=10))
    # then: (3, MEASURED) is low, neither rising nor frequent: not a candidate
    assert rows(draft) == [
        (1, MEASURED, 170, ("rq_high", "rising_trend", "frequent_detection", "listed"), 7, True),
        (2, MEASURED, 100, ("rq_cannot_conclude", "listed"), 8, True),  # lab 7 already has 4 analyses
        (3, ESTIMATED, 100, ("estimated_no_data", "listed", "reported_nearby", "never_sampled"), None, False),
        (2, REPORTED, 20, ("reported_nearby", "never_sampled"), 7, True),  # 8.64 km from the enterprise
        (2, FREQUENT, 20, ("frequent_detection",), 8, False),  # 16 analyses would exceed 12
        (1, REPORTED, 10, ("reported_nearby",), 7, False),
    ]
    assert draft.analyses == 12
    assert [ln.rq for ln in draft.lines[:3]] == [3.0, 1.5, 2.5]


def test_it_only_counts_enterprises_within_the_distance_or_in_the_district() -> None:
    # when: 5 km — the enterprise in S1's district is 8.64 km from S2
    draft = mp.draft(inputs(), Parameters(budget=12, samples_per_year=4, distance_km=5))
    # then
    assert [(ln.site_id, ln.substance_id, ln.lab_id, ln.selected) for ln in draft.lines] == [
        (1, MEASURED, 7, True), (2, MEASURED, 8, True), (3, ESTIMATED, None, False), (2, FREQUENT, 8, True),
        (1, REPORTED, 7, False),
    ]  # fmt: skip
    assert draft.analyses == 12


def test_it_skips_a_line_that_does_not_fit_and_takes_a_later_one_that_does() -> None:
    # given: the budget fits one line of 4 and a remainder of 2
    lines = mp.rank(inputs(), Parameters(budget=6, samples_per_year=4, distance_km=10))
    lines[1].samples_per_year = 2  # the bureau lowered (2, MEASURED) to two samples
    lines[0].samples_per_year = 5
    # when
    draft = mp.select(lines, inputs(), 6)
    # then: 5 + 2 > 6, so (2, MEASURED) is skipped; nothing later costs 1
    assert [(ln.site_id, ln.substance_id) for ln in draft.selected] == [(1, MEASURED)]
    assert draft.analyses == 5


def test_it_prefers_the_least_loaded_laboratory_then_the_sites_district_then_the_lowest_id() -> None:
    data = inputs()
    assert mp.choose_lab(MEASURED, S2, {}, data) == 8  # equal load: lab 8 is in S2's district
    assert mp.choose_lab(MEASURED, S3, {}, data) == 7  # neither local: the lowest id
    assert mp.choose_lab(MEASURED, S2, {8: 4}, data) == 7  # lab 8 already has more analyses
    assert mp.choose_lab(ESTIMATED, S3, {}, data) is None  # no validated method


def test_it_never_proposes_a_substance_only_because_it_is_listed_or_never_sampled() -> None:
    data = Inputs(sites=[S1], listed=frozenset({MEASURED}), measured={(1, MEASURED): Measured(0.05, "low")})
    assert mp.draft(data, Parameters(budget=100, samples_per_year=4, distance_km=10)).lines == []


def test_it_leaves_out_sites_not_in_the_plan_and_keeps_the_best_lines_only() -> None:
    data = inputs()
    two_sites = Inputs(**{**data.__dict__, "sites": [S1, S2]})
    draft = mp.draft(two_sites, Parameters(budget=100, samples_per_year=1, distance_km=10, max_lines=2))
    assert [(ln.site_id, ln.substance_id) for ln in draft.lines] == [(1, MEASURED), (2, MEASURED)]


def test_it_measures_nearness_by_district_or_great_circle_distance() -> None:
    assert mp.near(S1, Source(1, 10), 0)  # same district, no coordinates needed
    assert mp.near(S2, Source(1, 10, 39.0, 121.6), 8.7)
    assert not mp.near(S2, Source(1, 10, 39.0, 121.6), 8.6)
    assert not mp.near(S3, Source(1, 10), 1000)  # other district, no coordinates


@pytest.mark.parametrize("parameters", [
    Parameters(budget=-1, samples_per_year=4, distance_km=10),
    Parameters(budget=10, samples_per_year=0, distance_km=10),
    Parameters(budget=10, samples_per_year=4, distance_km=float("nan")),
])  # fmt: skip
def test_it_refuses_parameters_out_of_range(parameters: Parameters) -> None:
    with pytest.raises(ValueError):
        mp.draft(inputs(), parameters)
