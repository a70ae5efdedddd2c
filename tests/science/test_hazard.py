"""PBT/vPvB screening and PNEC derivation against the published thresholds.

The expected thresholds are REACH Annex XIII as amended by Regulation (EU) No 253/2011 (P/vP half-lives, B 2 000,
vB 5 000, T 0.01 mg/L, CMR and STOT RE classes) and EU TGD (2003) Part II Table 16 (factors 1000/100/50/10); see
the module docstring of npgov.science.hazard for where each was checked. No published worked example of a whole
substance was found, so the substances below are constructed to sit on either side of each threshold.
"""

from __future__ import annotations

import pytest

from npgov.science.hazard import Endpoint, pbt_assess, pnec_derive


@pytest.mark.parametrize(
    ("compartment", "days", "p", "vp"),
    [
        ("marine_water", 60, "not met", "not met"),  # "higher than 60 days": 60 itself is not P
        ("marine_water", 61, "met", "met"),
        ("fresh_water", 41, "met", "not met"),  # P at > 40 d, vP only at > 60 d
        ("fresh_sediment", 121, "met", "not met"),
        ("marine_sediment", 181, "met", "met"),
        ("soil", 150, "met", "not met"),
        ("soil", 181, "met", "met"),
    ],
)
def test_it_applies_annex_xiii_half_life_thresholds(compartment: str, days: float, p: str, vp: str) -> None:
    result = pbt_assess(half_lives_days={compartment: days})
    assert (result["P"]["status"], result["vP"]["status"]) == (p, vp)
    assert result["P"]["datum"] == days


def test_it_lists_compartments_not_assessed_when_p_is_not_met() -> None:
    result = pbt_assess(half_lives_days={"fresh_water": 10})
    assert result["P"]["status"] == "not met"
    assert "soil" in result["P"]["basis"]


def test_it_rejects_an_unknown_compartment() -> None:
    with pytest.raises(ValueError, match="compartment"):
        pbt_assess(half_lives_days={"air": 3})


@pytest.mark.parametrize(
    ("bcf", "log_kow", "b", "vb", "screening"),
    [
        (2000, None, "not met", "not met", False),
        (2001, None, "met", "not met", False),
        (5001, None, "met", "met", False),
        (100, 6.0, "not met", "not met", False),  # a measured BCF outranks log Kow
        (None, 4.5, "not met", "not met", True),  # screening: log Kow ≤ 4.5 → not B
        (None, 5.2, "insufficient data", "insufficient data", True),  # potentially B, BCF needed
        (None, None, "insufficient data", "insufficient data", False),
    ],
)
def test_it_decides_b_on_bcf_and_screens_on_log_kow(
    bcf: float | None, log_kow: float | None, b: str, vb: str, screening: bool
) -> None:
    result = pbt_assess(bcf=bcf, log_kow=log_kow)
    assert (result["B"]["status"], result["vB"]["status"], result["B"]["screening"]) == (b, vb, screening)


@pytest.mark.parametrize(
    ("noec", "classes", "t"),
    [
        (0.009, None, "met"),
        (0.01, [], "not met"),  # "less than 0,01 mg/l"
        (1.0, ["Repr. 2"], "met"),  # Repr. 2 counts, per the 2011 text
        (1.0, ["STOT RE 2"], "met"),
        (1.0, ["Carc. 2"], "not met"),  # only Carc. 1A/1B
        (1.0, None, "insufficient data"),  # classification unknown: cannot rule T out
        (None, [], "insufficient data"),
    ],
)
def test_it_applies_the_t_criterion(noec: float | None, classes: list[str] | None, t: str) -> None:
    assert pbt_assess(noec_mg_l=noec, classifications=classes)["T"]["status"] == t


def test_it_combines_criteria_into_pbt_and_vpvb() -> None:
    # given a substance that is P (not vP), vB and T
    result = pbt_assess(half_lives_days={"fresh_water": 50}, bcf=6000, noec_mg_l=0.001)
    # then it is PBT, and not vPvB because vP is not met
    assert result["PBT"] == "met"
    assert result["vPvB"] == "not met"


def test_it_cannot_conclude_pbt_when_one_criterion_lacks_data() -> None:
    result = pbt_assess(half_lives_days={"soil": 200}, bcf=3000)
    assert result["PBT"] == "insufficient data"


def test_it_reports_endocrine_disruption_without_changing_t() -> None:
    result = pbt_assess(noec_mg_l=1.0, classifications=[], endocrine_disruptor=True)
    assert result["T"]["status"] == "not met"
    assert result["notes"]


# --- PNEC --------------------------------------------------------------------------------------------------------

ACUTE: list[Endpoint] = [
    Endpoint(species="Pseudokirchneriella subcapitata", trophic_level="algae", duration="short-term", value=2.0),
    Endpoint(species="Daphnia magna", trophic_level="invertebrates", duration="short-term", value=0.5),
    Endpoint(species="Oncorhynchus mykiss", trophic_level="fish", duration="short-term", value=1.2),
]
NOEC_DAPHNIA = Endpoint(species="Daphnia magna", trophic_level="invertebrates", duration="long-term", value=0.05)
NOEC_FISH = Endpoint(species="Danio rerio", trophic_level="fish", duration="long-term", value=0.08)
NOEC_ALGAE = Endpoint(species="Pseudokirchneriella subcapitata", trophic_level="algae", duration="long-term", value=0.3)


@pytest.mark.parametrize(
    ("endpoints", "factor", "used"),
    [
        (ACUTE, 1000, 0.5),
        ([*ACUTE, NOEC_DAPHNIA], 100, 0.05),
        ([*ACUTE, NOEC_DAPHNIA, NOEC_FISH], 50, 0.05),
        ([*ACUTE, NOEC_DAPHNIA, NOEC_FISH, NOEC_ALGAE], 10, 0.05),
        ([*ACUTE, NOEC_ALGAE], 1000, 0.5),  # an algal NOEC alone does not lower the factor
    ],
)
def test_it_picks_the_tgd_table_16_factor(endpoints: list[Endpoint], factor: int, used: float) -> None:
    derivation = pnec_derive(endpoints)
    assert derivation["assessment_factor"] == factor
    assert derivation["endpoint"] is not None and derivation["endpoint"]["value"] == used
    assert derivation["pnec"] == pytest.approx(used / factor)
    assert "Table 16" in derivation["rule"]


def test_it_warns_when_the_chronic_data_miss_the_most_sensitive_level() -> None:
    acute = [ACUTE[0], {**ACUTE[1], "value": 5.0}, {**ACUTE[2], "value": 0.1}]  # fish most sensitive
    derivation = pnec_derive([*acute, NOEC_DAPHNIA])
    assert derivation["assessment_factor"] == 100
    assert any("fish" in note for note in derivation["notes"])


def test_it_gives_no_pnec_without_the_base_set() -> None:
    derivation = pnec_derive(ACUTE[:2])
    assert derivation["pnec"] is None
    assert "fish" in derivation["rule"]


def test_it_rejects_a_non_positive_endpoint() -> None:
    with pytest.raises(ValueError, match="positive"):
        pnec_derive([{**ACUTE[0], "value": 0.0}])
