from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from npgov.core.attachments import AttachmentField
from npgov.core.models import Department, District
from npgov.workplan.choices import ReportStatus
from npgov.workplan.models import Indicator, Plan, Task

DATE = forms.DateInput(attrs={"type": "date"})


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rejects ids beyond a 64-bit integer before the database sees them (SQLite would overflow)."""

    def clean(self, value: Any) -> Any:
        for item in value or []:
            if not (str(item).isascii() and str(item).isdigit() and int(item) < 2**63):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super().clean(value)


class ProgressRequestForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), label=_("work plan"))
    title = forms.CharField(label=_("title"), max_length=200)
    period_start = forms.DateField(label=_("period from"), widget=DATE)
    period_end = forms.DateField(label=_("period to"), widget=DATE)
    due_date = forms.DateField(label=_("answers due"), widget=DATE)
    tasks = SafeModelMultipleChoiceField(
        queryset=Task.objects.select_related("plan"), label=_("tasks"), widget=forms.SelectMultiple(attrs={"size": 12})
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    include_districts = forms.BooleanField(
        label=_("Ask the districts too"),
        required=False,
        help_text=_("Every district and zone of the city answers for the tasks that carry local responsibility."),
    )


class ProgressReportForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ReportStatus.choices)
    percent_done = forms.IntegerField(label=_("percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 5}))
    # Checked by content against the allow-list (no HTML, SVG or polyglots), at most 20 MB.
    evidence = AttachmentField(label=_("evidence file"), required=False)


class SupervisionOrderForm(forms.Form):
    task = forms.ModelChoiceField(queryset=Task.objects.all(), label=_("task"))
    department = forms.ModelChoiceField(queryset=Department.objects.all(), label=_("department"))
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    text = forms.CharField(label=_("order"), widget=forms.Textarea(attrs={"rows": 4}))


class OrderCloseForm(forms.Form):
    response = forms.CharField(label=_("response"), widget=forms.Textarea(attrs={"rows": 3}))


class CircularForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class KpiValueForm(forms.Form):
    district = forms.ModelChoiceField(queryset=District.objects.all(), label=_("district"))
    period_end = forms.DateField(label=_("period ending"), widget=DATE)
    value = forms.FloatField(label=_("value"))
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args: Any, districts: QuerySet[District] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts


def indicator_record_form(
    indicator: Indicator, districts: QuerySet[District], data: QueryDict | None = None
) -> forms.Form:
    """A form with one number field per field of the indicator's definition."""
    fields: dict[str, forms.Field] = {
        "district": forms.ModelChoiceField(queryset=districts, label=_("district")),
        "period_end": forms.DateField(label=_("period ending"), widget=DATE),
    }
    for field in indicator.fields:
        label = f"{field['name_zh']}（{field['unit']}）" if field.get("unit") else field["name_zh"]
        fields[f"f_{field['key']}"] = forms.FloatField(label=label, min_value=0)
    fields["note"] = forms.CharField(label=_("note"), required=False, max_length=300)
    return type("IndicatorRecordForm", (forms.Form,), fields)(data)
