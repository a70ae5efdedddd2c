from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.models import Submission


class SubmissionFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc")
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices, label=_("status"))

    class Meta:
        model = Submission
        fields = ["q", "campaign", "status", "enterprise__district"]
