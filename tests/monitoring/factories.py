"""factory_boy factories of the monitoring app: sites, plans and their campaigns, samples and results."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import factory
import numpy as np

from npgov.core.models import District
from npgov.monitoring.models import (
    MonitoringPlan,
    MonitoringPlanLine,
    Result,
    Sample,
    SamplingCampaign,
    SeriesSummary,
    Site,
    SummaryCell,
)
from npgov.science import distributions
from tests.substances.factories import SubstanceFactory


class SiteFactory(factory.django.DjangoModelFactory):
    """A river site in Ganjingzi district."""

    class Meta:
        model = Site

    code = factory.Sequence(lambda n: f"TEST-SITE-{n:03d}")
    name = factory.Sequence(lambda n: f"测试断面{n}")
    kind = "river"
    district = factory.LazyFunction(lambda: District.objects.get(code="210211"))
    latitude = 38.99
    longitude = 121.61


class MonitoringPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringPlan

    name = factory.Sequence(lambda n: f"测试监测方案{n}")
    year = 2025


class SamplingCampaignFactory(factory.django.DjangoModelFactory):
    """A sampling round of a monitoring plan (not the survey's campaign)."""

    class Meta:
        model = SamplingCampaign

    plan = factory.SubFactory(MonitoringPlanFactory)
    name = factory.Sequence(lambda n: f"丰水期{n}")
    start_date = date(2025, 6, 1)
    end_date = date(2025, 9, 30)


class SampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sample

    site = factory.SubFactory(SiteFactory)
    sampled_at = datetime(2025, 6, 18, 9, 30, tzinfo=UTC)
    matrix = "water"


class ResultFactory(factory.django.DjangoModelFactory):
    """A detected value in ng/L; site, time and matrix repeat the sample's, as the importer writes them."""

    class Meta:
        model = Result

    sample = factory.SubFactory(SampleFactory)
    substance = factory.SubFactory(SubstanceFactory)
    site = factory.SelfAttribute("sample.site")
    sampled_at = factory.SelfAttribute("sample.sampled_at")
    matrix = factory.SelfAttribute("sample.matrix")
    value_reported = "1.2"
    unit_reported = "ng/L"
    qualifier = "detected"
    value = 1.2
    lod = 0.1
    loq = 0.3

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Result:
        result = super()._create(model_class, *args, **kwargs)
        # the maintained statistics, kept current as the import path keeps them (issue 17)
        from npgov.monitoring import summaries

        summaries.refresh_cells([(result.site_id, result.substance_id, result.matrix)])
        return result


class SummaryCellFactory(factory.django.DjangoModelFactory):
    """A maintained statistics cell of two results, one detected (as ``monitoring.summaries`` writes them)."""

    class Meta:
        model = SummaryCell

    site = factory.SubFactory(SiteFactory)
    substance = factory.SubFactory(SubstanceFactory)
    matrix = "water"
    year = 2025
    n = 2
    detected = 1
    max_detected = 1.2
    max_limit = 0.3
    first_sampled = datetime(2025, 3, 18, 9, 30, tzinfo=UTC)
    last_sampled = datetime(2025, 6, 18, 9, 30, tzinfo=UTC)
    distribution = factory.LazyFunction(lambda: distributions.from_results([1.2, 0.3], [False, True]).as_json())


def _series_statistics(series: Any) -> tuple[dict, dict]:
    from npgov.monitoring.summaries import series_statistics

    moments = [series.first_sampled, series.last_sampled]
    return series_statistics(moments, np.array([1.2, 0.3]), np.array([False, True]))


class SeriesSummaryFactory(factory.django.DjangoModelFactory):
    """A maintained site × substance × matrix series of two results."""

    class Meta:
        model = SeriesSummary

    site = factory.SubFactory(SiteFactory)
    substance = factory.SubFactory(SubstanceFactory)
    matrix = "water"
    n = 2
    first_sampled = datetime(2025, 3, 18, 9, 30, tzinfo=UTC)
    last_sampled = datetime(2025, 6, 18, 9, 30, tzinfo=UTC)
    summary = factory.LazyAttribute(lambda series: _series_statistics(series)[0])
    trend = factory.LazyAttribute(lambda series: _series_statistics(series)[1])


class MonitoringPlanLineFactory(factory.django.DjangoModelFactory):
    """A line of a plan: a substance at a site, four samples a year, proposed because it was reported nearby."""

    class Meta:
        model = MonitoringPlanLine

    plan = factory.SubFactory(MonitoringPlanFactory)
    site = factory.SubFactory(SiteFactory)
    substance = factory.SubFactory(SubstanceFactory)
    samples_per_year = 4
    reasons = factory.LazyFunction(lambda: ["reported_nearby", "never_sampled"])
    score = 20
