"""factory_boy factories of the portal's disclosures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import factory

from npgov.portal.disclosures.models import Disclosure, DisclosureLine
from tests.enterprises.factories import EnterpriseFactory
from tests.substances.factories import SubstanceFactory


class DisclosureFactory(factory.django.DjangoModelFactory):
    """A draft disclosure; ``published=True`` publishes it (dated 1 March of the year after)."""

    class Meta:
        model = Disclosure

    class Params:
        published = factory.Trait(
            status="published",
            published_at=factory.LazyAttribute(lambda o: datetime(o.year + 1, 3, 1, 9, 0, tzinfo=UTC)),
        )

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2025
    version = 1
    status = "draft"
    treatment = "废气经活性炭吸附处理。"


class DisclosureLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureLine

    disclosure = factory.SubFactory(DisclosureFactory)
    kind = "emission"
    substance = factory.SubFactory(SubstanceFactory)
    medium = "air"
    amount_t = Decimal("1.5")
