"""factory_boy factories of the substances app."""

from __future__ import annotations

import factory

from npgov.science.identifiers import cas_check_digit
from npgov.substances.models import Substance, SubstanceProperty


def cas_for(serial: int) -> str:
    """A valid CAS RN (right check digit) in the 99xxxxx range, which the shipped registry does not use."""
    body = f"{9900000 + serial}00"
    return f"{body[:-2]}-{body[-2:]}-{cas_check_digit(body)}"


class SubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Substance

    cas = factory.Sequence(cas_for)
    name_zh = factory.Sequence(lambda n: f"测试物质{n}")
    name_en = factory.Sequence(lambda n: f"test substance {n}")
    kind = "single"


class SubstancePropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubstanceProperty

    substance = factory.SubFactory(SubstanceFactory)
    name = "log_kow"
    value = 4.8
    basis = "experimental"
    reliability = 2
    source = "测试数据"
