"""factory_boy factories of the monitoring app: sites, plans and their campaigns, samples and results."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from npgov.core.models import District
from npgov.monitoring.models import MonitoringPlan, Result, Sample, SamplingCampaign, Site
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
