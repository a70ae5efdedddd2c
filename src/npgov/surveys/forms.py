from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import DistrictKind
from npgov.core.models import District
from npgov.enterprises.choices import SurveyScope
from npgov.enterprises.selectors import industry_classes
from npgov.surveys.choices import Activity
from npgov.surveys.models import Campaign
from npgov.surveys.services.workflow import TEXT_MAX_LENGTH

KG = {"min_value": 0, "max_digits": 14, "decimal_places": 3, "required": False, "initial": 0}


class LineForm(forms.Form):
    identifier = forms.CharField(
        label=_("Substance"),
        max_length=TEXT_MAX_LENGTH["identifier"],
        help_text=_("CAS RN (preferred), Chinese or English name."),
        widget=forms.TextInput(
            attrs={
                "list": "substance-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("substances:substance_suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#substance-suggestions",
                "hx-swap": "innerHTML",
            }
        ),
    )
    activity = forms.ChoiceField(label=_("activity"), choices=Activity.choices)
    quantity_t = forms.DecimalField(label=_("annual quantity (t/a)"), min_value=0, max_digits=14, decimal_places=4)
    uses = forms.CharField(label=_("uses"), required=False, max_length=TEXT_MAX_LENGTH["uses"])
    release_air_kg = forms.DecimalField(label=_("release to air (kg/a)"), **KG)
    release_water_kg = forms.DecimalField(label=_("release to water (kg/a)"), **KG)
    release_soil_kg = forms.DecimalField(label=_("release to soil (kg/a)"), **KG)
    transfer_kg = forms.DecimalField(label=_("transfers off site (kg/a)"), **KG)
    process = forms.CharField(
        label=_("process (detailed tier)"), required=False, max_length=TEXT_MAX_LENGTH["process"]
    )
    disposal = forms.CharField(
        label=_("waste disposal (detailed tier)"), required=False, max_length=TEXT_MAX_LENGTH["disposal"]
    )
    control_measures = forms.CharField(
        label=_("control measures taken (key tier)"), required=False, max_length=TEXT_MAX_LENGTH["control_measures"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exempted_use = forms.CharField(
        label=_("exempted use relied on (convention tier)"), required=False,
        max_length=TEXT_MAX_LENGTH["exempted_use"],
    )


class SubmitForm(forms.Form):
    filler = forms.CharField(label=_("filled in by"), max_length=60)
    reviewer = forms.CharField(label=_("checked by (enterprise)"), max_length=60)
    legal_representative = forms.CharField(label=_("legal representative"), max_length=60)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=[("approve", _("Pass")), ("return", _("Return"))])
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CampaignForm(forms.ModelForm):
    """Open or change a survey round: city, year, deadline, and its industry and substance scope."""

    class Meta:
        model = Campaign
        fields = ["title", "city", "year", "deadline", "industries", "lists"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = District.objects.filter(kind=DistrictKind.CITY)
        self.fields["industries"].queryset = industry_classes()
        self.fields["industries"].help_text = _(
            "The survey's industry classes. Left empty, every enterprise of the city is in scope. A new campaign "
            "starts with the classes on the survey's industry list, when that list is loaded."
        )
        if not self.instance.pk and not self.is_bound:
            listed = industry_classes(survey_scope=SurveyScope.LISTED)
            self.initial.setdefault("industries", list(listed.values_list("pk", flat=True)))
