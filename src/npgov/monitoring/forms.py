from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.core.models import District
from npgov.core.uploads import LARGE, UploadRefused, check_size
from npgov.monitoring.fields import ANALYTE, FIELDS, IGNORE
from npgov.monitoring.models import MonitoringPlan, SamplingCampaign, Site

# The caps on a results file (the importer's LIMITS: size, inflated workbook, rows, cells).
UPLOAD_LIMITS = LARGE


class OptionalJSONField(forms.JSONField):
    """A JSON text box that stays empty (not the text ``null``) when there is no value."""

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else super().prepare_value(value)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["code", "name", "kind", "district", "water_body", "latitude", "longitude", "park", "area",
                  "active", "note"]  # fmt: skip
        widgets = {"area": forms.Textarea(attrs={"rows": 3, "class": "font-monospace"})}
        field_classes = {"area": OptionalJSONField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.exclude(kind="province").order_by("code")


class SiteImportForm(SiteForm):
    """The site form for file imports: the district by its code and the park by its name, as users know them
    (the page's form chooses from lists, which send internal ids)."""

    district = Site._meta.get_field("district").formfield(
        to_field_name="code", help_text=_("District code (GB/T 2260), e.g. 210283."),
        error_messages={"invalid_choice": _("No district has this code: write its GB/T 2260 code.")},
    )  # fmt: skip
    park = Site._meta.get_field("park").formfield(
        to_field_name="name", help_text=_("The industrial park's name as registered; empty if none."),
        error_messages={"invalid_choice": _("No industrial park has this name.")},
    )  # fmt: skip


class PlanForm(forms.ModelForm):
    class Meta:
        model = MonitoringPlan
        fields = ["name", "year", "department", "frequency", "sites", "substances", "source", "description"]
        widgets = {
            "sites": forms.SelectMultiple(attrs={"size": 8}),
            "substances": forms.SelectMultiple(attrs={"size": 8}),
        }


class SamplingCampaignForm(forms.ModelForm):
    class Meta:
        model = SamplingCampaign
        fields = ["plan", "name", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ResultUploadForm(forms.Form):
    file = forms.FileField(label=_("file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("CSV (UTF-8 or GB18030) or Excel .xlsx, long or wide format. %(limits)s") % {
            "limits": UPLOAD_LIMITS.describe()
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            check_size(upload.size, UPLOAD_LIMITS)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: an NPGov field, an analyte (wide files) or ignore."""

    def __init__(self, *args: Any, headers: list[str], guessed: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("— ignore —")), (ANALYTE, _("analyte (wide format)"))]
        choices += [(f.key, f.label) for f in FIELDS]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=guessed.get(header, IGNORE)
            )

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{index}") or IGNORE for index, header in enumerate(self.headers)}
