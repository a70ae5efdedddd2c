"""factory_boy factories of the surveys app: a campaign of Dalian, an enterprise's submission and its lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from npgov.core.models import District
from npgov.surveys.models import Campaign, ReviewComment, Submission, SubmissionLine
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.substances.factories import SubstanceFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    """A survey round of Dalian. One per city and year: give ``year`` when a test needs a particular one."""

    class Meta:
        model = Campaign

    city = factory.LazyFunction(lambda: District.objects.get(code="210200"))
    year = factory.Sequence(lambda n: 2030 + n % 70)  # clear of the years tests name (2023–2026)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度调查")
    deadline = factory.LazyAttribute(lambda o: date(o.year + 1, 6, 30))


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    campaign = factory.SubFactory(CampaignFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    status = "draft"


class SubmissionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionLine

    submission = factory.SubFactory(SubmissionFactory)
    substance = factory.SubFactory(SubstanceFactory)
    activity = "processing_use"
    quantity_t = Decimal("1")
    uses = "清洗剂"


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewComment

    submission = factory.SubFactory(SubmissionFactory)
    level = "district"
    text = "请核实年使用量。"
    author = factory.SubFactory(
        UserFactory, role="district", district=factory.SelfAttribute("..submission.enterprise.district")
    )
