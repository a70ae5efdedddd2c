"""NORMAN-style prioritisation on constructed data.

No published NORMAN table with FoE, EoE and their scores for named substances was found (searched: NORMAN
prioritisation framework 2013, the 2014 WG1 slides, Dulio et al. 2024 Env Sci Eur 36, the NORMAN database pages,
JDS/Danube reports). So these tests check the formulas and the band table of issue #6 on constructed substances
("TEST-…" ids, not real CAS numbers) and say so; the issue's "done when" (reproducing a published table) is NOT met
yet. The category names are from the NORMAN WG1 slides (Dulio & von der Ohe 2014). Those tables have since been
found and are reproduced in test_norman_published.py (scores and SCARCE 2018 action categories).
"""

from __future__ import annotations

import pytest

from npgov.science.prioritisation import (
    CATEGORY_LABELS,
    EOE_BANDS,
    action_category,
    extent_score,
    prioritise,
    summarise_sites,
)

KEYS = {
    "cas",
    "frequency_of_exceedance",
    "extent_of_exceedance",
    "frequency_score",
    "extent_score",
    "risk_score",
    "category",
}


@pytest.mark.parametrize(
    ("eoe", "score"),
    [(None, 0.0), (0.99, 0.0), (1.0, 0.1), (9.9, 0.1), (10.0, 0.2), (99.0, 0.2), (100.0, 0.5), (999.0, 0.5),
     (1000.0, 1.0), (1e6, 1.0)],
)  # fmt: skip
def test_it_scores_extent_of_exceedance_in_the_stated_bands(eoe: float | None, score: float) -> None:
    assert extent_score(eoe) == score
    assert EOE_BANDS[0] == (1.0, 0.0)


def test_it_scores_a_norman_style_summary_row() -> None:
    # given 40 sites, 10 above the PNEC of 0.1, MEC95 = 4.2
    row = {"cas": "TEST-1", "n_sites": 40, "n_sites_above_pnec": 10, "mec95": 4.2, "mec_max": 9.0,
           "loq_min": 0.01, "pnec": 0.1}  # fmt: skip
    # when
    (result,) = prioritise([row])
    # then FoE 0.25, EoE 42 → band 10–100 → 0.2, risk 0.45, category 1 (enough sites, exceedance)
    assert set(result) == KEYS
    assert result["frequency_of_exceedance"] == pytest.approx(0.25)
    assert result["extent_of_exceedance"] == pytest.approx(42.0)
    assert (result["frequency_score"], result["extent_score"]) == (pytest.approx(0.25), 0.2)
    assert result["risk_score"] == pytest.approx(0.45)
    assert result["category"] == 1


def test_it_accepts_csv_strings_and_sorts_by_risk_score() -> None:
    rows = [
        {"cas": "TEST-low", "n_sites": "20", "n_sites_above_pnec": "0", "mec95": "0.01", "mec_max": "0.02",
         "loq_min": "0.001", "pnec": "0.1"},
        {"cas": "TEST-high", "n_sites": "20", "n_sites_above_pnec": "20", "mec95": "500", "mec_max": "900",
         "loq_min": "0.001", "pnec": "0.1"},
    ]  # fmt: skip
    result = prioritise(rows)
    assert [r["cas"] for r in result] == ["TEST-high", "TEST-low"]
    assert result[0]["risk_score"] == pytest.approx(2.0)  # FoE 1 + EoE 5000 → 1
    assert result[1]["category"] == 6  # enough sites, no exceedance: reduced monitoring


def test_it_derives_foe_and_eoe_from_per_site_rows() -> None:
    # given 4 sites; site A sampled twice (site MEC = its maximum); site D never detected
    rows = [
        {"cas": "TEST-2", "site": "A", "mec": 0.05, "loq": 0.01, "pnec": 0.1},
        {"cas": "TEST-2", "site": "A", "mec": 0.3, "loq": 0.01, "pnec": 0.1},
        {"cas": "TEST-2", "site": "B", "mec": 0.2, "loq": 0.01, "pnec": 0.2},  # lowest PNEC (0.1) is used
        {"cas": "TEST-2", "site": "C", "mec": 0.02, "loq": 0.01, "pnec": 0.1},
        {"cas": "TEST-2", "site": "D", "mec": None, "loq": 0.01, "pnec": 0.1},
    ]
    (summary,) = summarise_sites(rows)
    assert (summary["n_sites"], summary["n_sites_above_pnec"], summary["pnec"]) == (4, 2, 0.1)
    assert summary["mec_max"] == 0.3
    # numpy linear percentile of the detected site MECs [0.3, 0.2, 0.02]
    assert summary["mec95"] == pytest.approx(0.29)
    (result,) = prioritise(rows, min_sites=4)
    assert result["frequency_of_exceedance"] == pytest.approx(0.5)
    assert result["extent_score"] == 0.1  # EoE 2.9


def test_it_asks_for_better_analytical_methods_when_the_loq_exceeds_the_pnec() -> None:
    rows = [{"cas": "TEST-3", "site": s, "mec": None, "loq": 0.5, "pnec": 0.1} for s in "ABCDEFGHIJKL"]
    (result,) = prioritise(rows)
    assert result["category"] == 4 and CATEGORY_LABELS[4] == "improvement of analytical methods"
    assert result["risk_score"] == 0.0
    assert result["extent_of_exceedance"] is None


@pytest.mark.parametrize(
    ("n_sites", "n_above", "mec95", "loq_min", "provisional", "category"),
    [
        (50, 3, 0.05, 0.01, False, 1),  # a site above the PNEC, MEC95 below it: still 1 (as NORMAN's Caffeine)
        (50, 0, 0.05, 0.01, False, 6),
        (50, 3, 0.0, 0.01, False, 2),  # MEC95 = 0: not enough exposure data (as NORMAN's Malathion)
        (50, 0, None, 0.01, False, 2),  # never detected, the LOQ can see the PNEC
        (50, 3, 0.0, 0.5, False, 4),  # LOQ above the PNEC (as NORMAN's Parathion)
        (50, 0, 0.05, 0.01, True, 3),  # provisional PNEC, enough data: 3 even without exceedance (Furosemide)
        (50, 3, 0.0, 0.01, True, 5),
        (50, 0, None, 0.5, True, 5),  # provisional PNEC: the LOQ is not used
        (3, 3, 0.5, 0.01, False, 2),  # fewer than min_sites (NPGov's guard)
        (3, 3, 0.5, 0.01, True, 5),
    ],
)
def test_it_allocates_action_categories(
    n_sites: int, n_above: int, mec95: float | None, loq_min: float, provisional: bool, category: int
) -> None:
    summary = {"cas": "TEST", "n_sites": n_sites, "n_sites_above_pnec": n_above, "mec95": mec95, "mec_max": 1.0,
               "loq_min": loq_min, "pnec": 0.1}  # fmt: skip
    assert action_category(summary, pnec_provisional=provisional) == category  # type: ignore[arg-type]


def test_a_pnec_provisional_column_marks_the_pnec_provisional() -> None:
    flags = (("TEST-p", "x"), ("TEST-r", ""))
    rows = [{"cas": c, "n_sites": "20", "n_sites_above_pnec": "0", "mec95": "0.01", "mec_max": "0.02",
             "loq_min": "0.001", "pnec": "0.1", "pnec_provisional": flag} for c, flag in flags]  # fmt: skip
    assert {r["cas"]: r["category"] for r in prioritise(rows)} == {"TEST-p": 3, "TEST-r": 6}


def test_it_rejects_rows_of_neither_kind() -> None:
    with pytest.raises(ValueError, match="rows need"):
        prioritise([{"cas": "TEST", "value": 1}])


def test_it_rejects_more_exceeding_sites_than_sites() -> None:
    row = {"cas": "TEST", "n_sites": 2, "n_sites_above_pnec": 3, "mec95": 1, "mec_max": 1, "loq_min": 0.1, "pnec": 1}
    with pytest.raises(ValueError, match="n_sites"):
        prioritise([row])
