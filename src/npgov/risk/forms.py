from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.risk.models import AssessmentRun

STATISTICS = [("max", _("maximum detected")), ("p95", _("95th percentile (Kaplan–Meier)")),
              ("km_mean", _("Kaplan–Meier mean"))]  # fmt: skip


class RunForm(forms.ModelForm):
    mec_statistic = forms.ChoiceField(label=_("MEC statistic"), choices=STATISTICS, initial="max")

    class Meta:
        model = AssessmentRun
        fields = ["title", "compartment", "mec_statistic", "verified_pnecs_only", "start", "end"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}  # fmt: skip
