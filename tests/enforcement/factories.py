"""factory_boy factories of the enforcement app: product sampling, import/export checks, inspections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from npgov.core.models import Department, District
from npgov.enforcement.models import (
    Case,
    ContentLimit,
    InspectionAttachment,
    InspectionDraw,
    InspectionRecord,
    InspectionTask,
    Inspector,
    ProductCategory,
    ProductResult,
    ProductSample,
    TradeCheck,
)
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.substances.factories import SubstanceFactory


def _ganjingzi() -> District:
    return District.objects.get(code="210211")


# --- product sampling -------------------------------------------------------------------------------------------
class ProductCategoryFactory(factory.django.DjangoModelFactory):
    """A top-level category of its own (the shipped ones come with ``product_limits_load``)."""

    class Meta:
        model = ProductCategory

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name_zh = factory.Sequence(lambda n: f"测试产品类别{n}")
    position = factory.Sequence(lambda n: 100 + n)


class ContentLimitFactory(factory.django.DjangoModelFactory):
    """0.1 % of one substance in the category's products (``substances=[…]`` names others)."""

    class Meta:
        model = ContentLimit
        skip_postgeneration_save = True  # the hook only sets a many-to-many relation

    key = factory.Sequence(lambda n: f"test-limit-{n}")
    category = factory.SubFactory(ProductCategoryFactory)
    substance_text = "测试物质"
    basis = "each"
    measurement = "content"
    limit_value = 0.1
    unit = "%"
    standard = "GB 6675.1-2014"

    @factory.post_generation
    def substances(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.substances.set(extracted if extracted is not None else [SubstanceFactory()])


class ProductSampleFactory(factory.django.DjangoModelFactory):
    """A sample taken by market regulation in Ganjingzi, made by a registered enterprise; no results yet."""

    class Meta:
        model = ProductSample

    code = factory.Sequence(lambda n: f"T-PS-{n:04d}")
    category = factory.SubFactory(ProductCategoryFactory)
    product_name = factory.Sequence(lambda n: f"样品{n}")
    producer = factory.SubFactory(EnterpriseFactory)
    producer_name = factory.LazyAttribute(lambda o: o.producer.name if o.producer else "外地某厂")
    district = factory.LazyFunction(_ganjingzi)
    sampled_on = date(2025, 4, 1)
    department = factory.LazyFunction(lambda: Department.objects.get(code="dl-samr"))


class ProductResultFactory(factory.django.DjangoModelFactory):
    """A detected content of 0.05 % as the lab reports it; ``product_result_save`` also judges it."""

    class Meta:
        model = ProductResult

    sample = factory.SubFactory(ProductSampleFactory)
    substance = factory.SubFactory(SubstanceFactory)
    measurement = "content"
    value_reported = "0.05"
    value = 0.05
    unit = "%"
    value_mg_kg = 500.0


# --- import and export checks -----------------------------------------------------------------------------------
class TradeCheckFactory(factory.django.DjangoModelFactory):
    """A compliant export declaration checked by customs."""

    class Meta:
        model = TradeCheck

    checked_on = date(2025, 6, 3)
    direction = "export"
    hs_code = "29031200"
    substance = factory.SubFactory(SubstanceFactory)
    quantity = Decimal("1000")
    enterprise = factory.SubFactory(EnterpriseFactory)
    enterprise_name = factory.LazyAttribute(lambda o: o.enterprise.name if o.enterprise else "某贸易公司")
    department = factory.LazyFunction(lambda: Department.objects.get(code="dl-customs"))


# --- inspections ------------------------------------------------------------------------------------------------
class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    name = factory.Sequence(lambda n: f"执法员{n}")
    badge = factory.Sequence(lambda n: f"TEST{n:04d}")
    department = factory.LazyFunction(lambda: Department.objects.get(code="dl-eeb"))
    district = factory.LazyFunction(_ganjingzi)


class InspectionDrawFactory(factory.django.DjangoModelFactory):
    """A draw row as stored (``draw_run`` makes real ones, with population, pool and selection)."""

    class Meta:
        model = InspectionDraw

    title = factory.Sequence(lambda n: f"双随机抽查{n}")
    seed = factory.Sequence(lambda n: f"seed-{n}")
    enterprise_count = 1
    due_date = date(2099, 1, 1)
    created_by = factory.SubFactory(UserFactory, role="bureau")


class InspectionTaskFactory(factory.django.DjangoModelFactory):
    """An enterprise drawn for inspection (``inspectors=[…]`` assigns officers)."""

    class Meta:
        model = InspectionTask
        skip_postgeneration_save = True  # the hook only sets a many-to-many relation

    draw = factory.SubFactory(InspectionDrawFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    due_date = date(2099, 1, 1)

    @factory.post_generation
    def inspectors(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.inspectors.set(extracted)


class InspectionRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionRecord

    task = factory.SubFactory(InspectionTaskFactory, status="done")
    inspected_on = date(2025, 7, 1)
    outcome = "compliant"
    observations = "现场检查未发现问题。"
    recorded_by = factory.SubFactory(
        UserFactory, role="district", district=factory.SelfAttribute("..task.enterprise.district")
    )


class InspectionAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionAttachment

    record = factory.SubFactory(InspectionRecordFactory)
    file = factory.django.FileField(filename="现场照片.jpg", data=b"\xff\xd8\xff\xd9")
    caption = "现场照片"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"TEST-CASE-{n:04d}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    facts = "未按规定提交放行通知单。"
