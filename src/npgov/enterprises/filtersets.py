from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.core.models import District
from npgov.enterprises.choices import SurveyScope
from npgov.enterprises.models import Enterprise, Park, Permit


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("uscc", "name", "address", "industry__name_zh", "industry__code")
    plan_focus = django_filters.CharFilter(
        field_name="industry__plan_focus", label=_("key industry named in the plans")
    )

    survey_scope = django_filters.ChoiceFilter(
        field_name="industry__survey_scope", choices=SurveyScope.choices, label=_("chemical information survey scope")
    )

    class Meta:
        model = Enterprise
        fields = ["q", "district", "status", "key_discharge_unit", "park", "plan_focus", "survey_scope"]


class ParkFilterSet(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Park
        fields = ["q", "district", "chemical_park"]


class PermitFilterSet(SearchFilterSet):
    search_fields = ("number", "enterprise__name", "enterprise__uscc")
    district = django_filters.ModelChoiceFilter(
        field_name="enterprise__district", queryset=District.objects.all(), label=_("district")
    )
    park = django_filters.ModelChoiceFilter(
        field_name="enterprise__park", queryset=Park.objects.all(), label=_("industrial park")
    )
    substance = django_filters.CharFilter(
        field_name="limits__substance__cas", label=_("CAS RN of a limited substance"), distinct=True
    )

    class Meta:
        model = Permit
        fields = ["q", "kind", "district", "park", "states_new_pollutant_controls", "substance"]
