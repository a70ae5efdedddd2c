"""factory_boy factories of the enterprises app (districts and industries: the shipped reference data)."""

from __future__ import annotations

import factory

from npgov.core.models import District
from npgov.enterprises.models import CleanerProductionAudit, Enterprise, Industry, Park, Permit, PermitLimit
from npgov.science.identifiers import organisation_code_check, uscc_check_character
from npgov.substances.models import Substance


def uscc_for(serial: int, district: str = "210211") -> str:
    """A valid unified social credit code of an enterprise registered in ``district``.

    The organisation code starts with ``MF`` so that it never meets the demo data's ``MA`` codes.
    """
    organisation = f"MF{serial:06d}"
    body = f"91{district}{organisation}{organisation_code_check(organisation)}"
    return body + uscc_check_character(body)


class IndustryFactory(factory.django.DjangoModelFactory):
    """A class of its own; most tests use a shipped one instead (``Industry.objects.get(code="2614")``)."""

    class Meta:
        model = Industry

    code = factory.Sequence(lambda n: f"T{n:04d}")  # letters are not GB/T 4754 class codes: no clash
    level = "class"
    name_zh = factory.Sequence(lambda n: f"测试行业{n}")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"测试化工园区{n}")
    district = factory.LazyFunction(lambda: District.objects.get(code="210211"))
    chemical_park = True


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """A chemical manufacturer (有机化学原料制造) in Ganjingzi district."""

    class Meta:
        model = Enterprise

    uscc = factory.LazyAttributeSequence(lambda o, n: uscc_for(n, o.district.code))
    name = factory.Sequence(lambda n: f"测试化工有限公司{n}")
    district = factory.LazyFunction(lambda: District.objects.get(code="210211"))
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="2614"))


class PermitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permit

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = "permit"
    number = factory.Sequence(lambda n: f"TEST{n:06d}P")


class PermitLimitFactory(factory.django.DjangoModelFactory):
    """PFOA in discharged water, 0.5 µg/L."""

    class Meta:
        model = PermitLimit

    permit = factory.SubFactory(PermitFactory)
    substance = factory.LazyFunction(lambda: Substance.objects.get(cas="335-67-1"))
    kind = "water_concentration"
    value = 0.5
    unit = "µg/L"


class CleanerProductionAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CleanerProductionAudit

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2025
    kind = "mandatory"
