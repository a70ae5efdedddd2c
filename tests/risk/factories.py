"""factory_boy factories of the risk app: hazard data, PNECs, assessment runs and priority lists."""

from __future__ import annotations

import factory

from npgov.core.models import District
from npgov.risk.models import (
    AssessmentRun,
    EcotoxEndpoint,
    HazardDatum,
    Pnec,
    PriorityDraft,
    PriorityItem,
    PriorityReview,
    RunResultRow,
)
from tests.capacity.factories import ExpertFactory
from tests.core.factories import UserFactory
from tests.substances.factories import SubstanceFactory


class PnecFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pnec

    substance = factory.SubFactory(SubstanceFactory)
    compartment = "freshwater"
    value = 0.5
    unit = "ng/L"
    basis = "测试"
    source = "测试数据"


class HazardDatumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HazardDatum

    substance = factory.SubFactory(SubstanceFactory)
    property = "log_kow"
    value = 4.8
    kind = "estimated"
    source = "测试数据"


class EcotoxEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EcotoxEndpoint

    substance = factory.SubFactory(SubstanceFactory)
    species = "Daphnia magna"
    trophic_level = "invertebrates"
    duration = "short-term"
    endpoint = "EC50"
    value_mg_l = 100.0
    source = "测试数据"


class AssessmentRunFactory(factory.django.DjangoModelFactory):
    """A queued ecological run over fresh water (``run_execute`` computes it)."""

    class Meta:
        model = AssessmentRun

    title = factory.Sequence(lambda n: f"测试评估{n}")
    kind = "ecological"
    compartment = "freshwater"
    mec_statistic = "max"
    created_by = factory.SubFactory(UserFactory, role="bureau")


class RunResultRowFactory(factory.django.DjangoModelFactory):
    """One site × substance row of a finished run."""

    class Meta:
        model = RunResultRow

    run = factory.SubFactory(AssessmentRunFactory, status="done")
    section = "sites"
    position = factory.Sequence(lambda n: n)
    score = 0.5
    data = factory.LazyFunction(lambda: {"site": "S-1", "cas": "80-05-7", "rq": 0.5, "category": "medium"})


class PriorityDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityDraft

    title = factory.Sequence(lambda n: f"优先控制清单草案{n}")
    run = factory.SubFactory(AssessmentRunFactory, status="done")
    district = factory.LazyFunction(lambda: District.objects.get(code="210200"))
    year = 2026
    created_by = factory.SubFactory(UserFactory, role="bureau")


class PriorityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityItem

    draft = factory.SubFactory(PriorityDraftFactory)
    substance = factory.SubFactory(SubstanceFactory)
    rank = factory.Sequence(lambda n: n + 1)
    risk_score = 1.5
    category = 1
    rationale = "测试"


class PriorityReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityReview

    draft = factory.SubFactory(PriorityDraftFactory)
    expert = factory.SubFactory(ExpertFactory)
