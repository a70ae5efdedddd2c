"""factory_boy factories of the capacity app."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from npgov.capacity.models import Expert, Funding, Lab, LabMethod, Project, Training
from npgov.core.models import Department
from tests.substances.factories import SubstanceFactory


def _eeb() -> Department:
    return Department.objects.get(code="dl-eeb")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    affiliation = "大连理工大学"
    fields = "风险评估"


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab

    name = factory.Sequence(lambda n: f"测试实验室{n}")


class LabMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabMethod

    lab = factory.SubFactory(LabFactory)
    substance = factory.SubFactory(SubstanceFactory)
    matrix = "water"
    standard = "HJ 1333-2023"
    lod = 0.1
    loq = 0.3
    unit = "ng/L"


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    title = factory.Sequence(lambda n: f"新污染物监测培训{n}")
    date = datetime.date(2026, 5, 1)
    department = factory.LazyFunction(_eeb)
    participants = 30
    hours = Decimal("4.0")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    kind = "pilot"
    title = factory.Sequence(lambda n: f"园区试点项目{n}")
    lead_organisation = "某园区管委会"
    department = factory.LazyFunction(_eeb)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    recipient = "某大学"
    amount_10k_yuan = Decimal("50.00")
    date = datetime.date(2026, 3, 1)
    source = "市级财政专项资金"
    department = factory.LazyFunction(_eeb)
