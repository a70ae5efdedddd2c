"""Key figures enforcement adds to the work plan's evaluation report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import KeyFigure, registry
from npgov.enforcement.inspections.models import InspectionRecord
from npgov.enforcement.products.models import ProductSample, SampleVerdict


def _inspections(year: int) -> int:
    return InspectionRecord.objects.filter(inspected_on__year=year).count()


def _product_failures(year: int) -> str:
    samples = ProductSample.objects.filter(sampled_on__year=year)
    return f"{samples.filter(verdict=SampleVerdict.FAIL).count()} / {samples.count()}"


def register() -> None:
    registry.add_figure(KeyFigure("inspections", _("Inspections carried out in the year"), _inspections, 52))
    registry.add_figure(
        KeyFigure("product-failures", _("Product samples failing / taken in the year"), _product_failures, 53)
    )
