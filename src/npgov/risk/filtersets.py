from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.risk.models import Compartment, EcotoxEndpoint, HazardDatum, Pnec


class PnecFilterSet(SearchFilterSet):
    search_fields = ("substance__name_zh", "substance__cas", "basis", "source")
    compartment = django_filters.ChoiceFilter(choices=Compartment.choices, label=_("compartment"))

    class Meta:
        model = Pnec
        fields = ["q", "substance", "compartment", "verified"]


class HazardDatumFilterSet(SearchFilterSet):
    search_fields = ("substance__name_zh", "substance__cas", "source", "text")

    class Meta:
        model = HazardDatum
        fields = ["q", "substance", "property", "kind", "reliability", "verified"]


class EndpointFilterSet(SearchFilterSet):
    search_fields = ("substance__name_zh", "substance__cas", "species", "source")

    class Meta:
        model = EcotoxEndpoint
        fields = ["q", "substance", "trophic_level", "duration", "endpoint", "reliability", "verified"]
