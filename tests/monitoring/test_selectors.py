"""``measurements``: the results a risk assessment reads, as columns — compartment, period and censoring rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest

from npgov.monitoring.models import Result, Site
from npgov.monitoring.selectors import compartment_matrix, measurements, site_codes, sites_by_pk
from npgov.substances.models import Substance
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(sites: dict[str, Site]) -> dict[str, object]:
    coastal = SiteFactory(
        code="DL-CO-01",
        name="大连湾近岸海域",
        kind="coastal",
        district=sites["DL-DW-01"].district,
        latitude=38.95,
        longitude=121.70,
    )
    substance = SubstanceFactory(cas=None, name_zh="测试物质", name_en="")
    other = SubstanceFactory(cas=None, name_zh="另一物质", name_en="")

    def add(site: Site, day: date, value: float | None, qualifier: str, matrix: str = "water",
            what: Substance = substance) -> Result:  # fmt: skip
        moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        sample = SampleFactory(site=site, sampled_at=moment, matrix=matrix)
        # a non-detect's value is its limit: no separate LOD or LOQ
        return ResultFactory(sample=sample, substance=what, value_reported="x", unit_reported="ng/L",
                             qualifier=qualifier, value=value, lod=None, loq=None)  # fmt: skip

    add(sites["DL-DW-01"], date(2024, 3, 1), 1.5, "detected")
    add(sites["DL-DW-01"], date(2024, 9, 1), 0.3, "lt_loq")
    add(sites["DL-SE-03"], date(2025, 1, 5), 0.1, "lt_lod")
    add(sites["DL-SE-03"], date(2025, 1, 6), None, "not_analysed")
    add(sites["DL-SE-03"], date(2025, 1, 7), 2.0, "detected", what=other)
    add(coastal, date(2024, 5, 1), 4.0, "detected")
    last = add(sites["DL-SD-01"], date(2024, 5, 1), 0.8, "detected", matrix="sediment")
    return {"substance": substance, "other": other, "coastal": coastal, "last": last, **sites}


def test_fresh_water_reads_water_results_with_a_value_at_every_site_but_coastal_ones(results: dict) -> None:
    read = measurements(compartment="freshwater")
    assert len(read) == 4
    assert results["coastal"].pk not in read.site.tolist()
    assert sorted(read.value.tolist()) == [0.1, 0.3, 1.5, 2.0]


def test_marine_reads_coastal_sites_and_sediment_every_site_in_its_matrix(results: dict) -> None:
    assert measurements(compartment="marine").site.tolist() == [results["coastal"].pk]
    sediment = measurements(compartment="sediment")
    assert sediment.value.tolist() == [0.8] and compartment_matrix("sediment") == "sediment"


def test_drinking_water_reads_drinking_water_sources(results: dict) -> None:
    read = measurements(compartment="drinking_water")
    assert set(read.site.tolist()) == {results["DL-DW-01"].pk}
    assert site_codes(compartment="drinking_water") == {results["DL-DW-01"].pk: "DL-DW-01"}


def test_non_detects_are_censored_at_their_limit(results: dict) -> None:
    read = measurements(compartment="freshwater", substances=[results["substance"].pk])
    by_value = dict(zip(read.value.tolist(), read.censored.tolist(), strict=True))
    assert by_value == {1.5: False, 0.3: True, 0.1: True}
    assert np.isnan(read.limit[~read.censored]).all() and sorted(read.limit[read.censored].tolist()) == [0.1, 0.3]


def test_the_period_includes_both_ends_and_either_may_be_open(results: dict) -> None:
    assert len(measurements(compartment="freshwater", period=(date(2024, 9, 1), None))) == 3
    assert len(measurements(compartment="freshwater", period=(None, date(2024, 9, 1)))) == 2
    assert len(measurements(compartment="freshwater", period=(date(2024, 3, 2), date(2024, 9, 1)))) == 1


def test_substances_and_sites_narrow_the_read_and_an_empty_list_reads_nothing(results: dict) -> None:
    assert measurements(compartment="freshwater", substances=[results["other"].pk]).value.tolist() == [2.0]
    assert len(measurements(compartment="freshwater", sites=[results["DL-DW-01"].pk])) == 2
    empty = measurements(compartment="freshwater", substances=[])
    assert len(empty) == 0 and empty.site.dtype == np.int64 and empty.last_result_id is None


def test_it_records_the_newest_result_read_and_gives_sampling_times_when_asked(results: dict) -> None:
    read = measurements(compartment="sediment", with_sampled_at=True)
    assert read.last_result_id == results["last"].pk
    assert read.sampled_at is not None and read.sampled_at.tolist() == [datetime(2024, 5, 1, 9)]
    assert measurements(compartment="sediment").sampled_at is None


def test_an_unknown_compartment_is_refused(results: dict) -> None:
    with pytest.raises(ValueError):
        measurements(compartment="groundwater")


def test_sites_by_pk_gives_the_sites_asked_for(results: dict) -> None:
    site = results["DL-DW-01"]
    assert sites_by_pk(pks=[site.pk]) == {site.pk: site}
