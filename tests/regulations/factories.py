"""factory_boy factories of the regulations app (the shipped lists are loaded by the `org` fixture)."""

from __future__ import annotations

import hashlib

import factory

from npgov.regulations.models import ControlMeasure, ListEntry, ListMember, RegulatoryList
from tests.substances.factories import SubstanceFactory


class RegulatoryListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegulatoryList

    code = factory.Sequence(lambda n: f"TEST-LIST-{n}")
    revision = 1
    is_current = True
    kind = "local_priority"
    title_zh = factory.Sequence(lambda n: f"测试名录{n}")
    issuer_zh = "测试机关"
    # What regulations_load records for a list file; any 64 hex digits do for a list made in a test.
    content_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(f"{o.code}:{o.revision}".encode()).hexdigest())


class ListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListEntry

    regulatory_list = factory.SubFactory(RegulatoryListFactory)
    item = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    name_zh = factory.Sequence(lambda n: f"测试条目{n}")
    kind = "single"


class ListMemberFactory(factory.django.DjangoModelFactory):
    """A substance an entry names, with the CAS RN of the substance as the list prints it."""

    class Meta:
        model = ListMember

    entry = factory.SubFactory(ListEntryFactory)
    substance = factory.SubFactory(SubstanceFactory)
    cas = factory.LazyAttribute(lambda o: (o.substance.cas or "") if o.substance else "")
    name_zh = factory.LazyAttribute(lambda o: o.substance.name_zh if o.substance else "测试成员")


class ControlMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlMeasure

    entry = factory.SubFactory(ListEntryFactory)
    position = factory.Sequence(lambda n: n)
    kind = "ban_production"
    text_zh = "禁止生产。"
    legal_basis = "测试依据"
