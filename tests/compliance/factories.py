"""factory_boy factories of the compliance app."""

from __future__ import annotations

from datetime import date

import factory

from npgov.compliance.models import ExistingSubstance, Finding, NewSubstanceRegistration
from tests.enterprises.factories import EnterpriseFactory
from tests.substances.factories import SubstanceFactory, cas_for


class FindingFactory(factory.django.DjangoModelFactory):
    """An open finding without a list measure (the compliance check makes the real ones: ``compliance_run``)."""

    class Meta:
        model = Finding

    key = factory.Sequence(lambda n: f"test:{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    substance = factory.SubFactory(SubstanceFactory)
    year = 2024
    activity = "production"
    rule = "ban"
    explanation = "测试：该物质禁止生产。"
    severity = "high"
    due_date = date(2099, 1, 1)


class NewSubstanceRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewSubstanceRegistration

    kind = "regular"
    certificate = factory.Sequence(lambda n: f"TEST-REG-{n:04d}")
    substance_name = factory.Sequence(lambda n: f"新化学物质{n}")
    holder = factory.SubFactory(EnterpriseFactory)
    holder_name = factory.LazyAttribute(lambda o: o.holder.name if o.holder else "某公司")


class ExistingSubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExistingSubstance

    cas = factory.Sequence(cas_for)
    name_zh = factory.Sequence(lambda n: f"现有物质{n}")
