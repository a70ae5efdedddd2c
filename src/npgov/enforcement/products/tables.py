"""Tables of the product sampling pages (django-tables2): links, badges, export values."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductResult, ProductSample, plain_number

ATTRS = {"class": "table table-sm table-hover align-middle"}
BADGES = {"pass": "text-bg-success", "fail": "text-bg-danger", "no_limit": "text-bg-secondary",
          "pending": "text-bg-light", "compliant": "text-bg-success", "violation": "text-bg-danger"}  # fmt: skip


def badge(code: str, label: Any) -> str:
    return format_html('<span class="badge {}">{}</span>', BADGES.get(code, "text-bg-light"), label)


def limit_text(value: float | None, unit: str) -> str:
    return f"{plain_number(value)} {unit}" if value is not None else "—"


class ProductCategoryTable(tables.Table):
    name_en = tables.Column(attrs={"td": {"lang": "en"}})  # the English name, shown as such on Chinese pages
    name_zh = tables.Column(linkify=True)
    limit_count = tables.Column(verbose_name=_("limits"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ProductCategory
        fields = ("code", "name_zh", "name_en", "parent", "description", "limit_count")
        attrs = ATTRS


class ContentLimitTable(tables.Table):
    category = tables.Column(default=_("all products"))
    substance_text = tables.Column(linkify=True, attrs={"td": {"lang": "en"}})  # as the data file words it (English)
    basis_text = tables.Column(attrs={"td": {"lang": "en"}})
    limit_value = tables.Column(verbose_name=_("limit"), attrs={"td": {"class": "text-end text-nowrap"}})
    verified = tables.BooleanColumn()
    active = tables.BooleanColumn()

    class Meta:
        model = ContentLimit
        fields = ("category", "substance_text", "basis", "measurement", "limit_value", "basis_text", "standard",
                  "verified", "active")  # fmt: skip
        attrs = ATTRS

    def render_limit_value(self, record: ContentLimit) -> str:
        return limit_text(record.limit_value, record.unit)

    def value_limit_value(self, record: ContentLimit) -> str:
        return limit_text(record.limit_value, record.unit)


class ProductSampleTable(tables.Table):
    code = tables.Column(linkify=True)
    product_name = tables.Column(linkify=True)
    sampled_on = tables.DateColumn(format="Y-m-d")
    result_count = tables.Column(verbose_name=_("results"), attrs={"td": {"class": "text-end"}})
    fail_count = tables.Column(verbose_name=_("failing results"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ProductSample
        fields = ("code", "sampled_on", "category", "product_name", "brand", "producer_name", "district",
                  "department", "result_count", "fail_count", "verdict")  # fmt: skip
        attrs = ATTRS

    def render_verdict(self, record: ProductSample) -> str:
        return badge(record.verdict, record.get_verdict_display())

    def value_verdict(self, record: ProductSample) -> str:
        return str(record.get_verdict_display())


class ProductResultTable(tables.Table):
    sample = tables.Column(linkify=True, accessor="sample__code", verbose_name=_("sample"))
    sampled_on = tables.DateColumn(accessor="sample__sampled_on", format="Y-m-d", verbose_name=_("sampled on"))
    category = tables.Column(accessor="sample__category", verbose_name=_("product category"))
    substance = tables.Column(linkify=True)
    compared_value = tables.Column(verbose_name=_("compared"), attrs={"td": {"class": "text-end text-nowrap"}})
    limit_value = tables.Column(verbose_name=_("limit"), attrs={"td": {"class": "text-end text-nowrap"}})
    limit_verified = tables.BooleanColumn()

    class Meta:
        model = ProductResult
        fields = ("sample", "sampled_on", "category", "substance", "measurement", "value_reported", "unit",
                  "verdict", "compared_value", "limit_value", "limit_standard", "limit_verified", "lab")  # fmt: skip
        attrs = ATTRS

    def render_sample(self, record: ProductResult) -> str:
        return record.sample.code

    def render_verdict(self, record: ProductResult) -> str:
        return badge(record.verdict, record.get_verdict_display())

    def value_verdict(self, record: ProductResult) -> str:
        return str(record.get_verdict_display())

    def render_compared_value(self, record: ProductResult) -> str:
        return limit_text(record.compared_value, record.limit_unit)

    def value_compared_value(self, record: ProductResult) -> str:
        return limit_text(record.compared_value, record.limit_unit)

    def render_limit_value(self, record: ProductResult) -> str:
        return limit_text(record.limit_value, record.limit_unit)

    def value_limit_value(self, record: ProductResult) -> str:
        return limit_text(record.limit_value, record.limit_unit)
