from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.enterprises.choices import SurveyScope
from npgov.enterprises.models import Enterprise


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
