"""Forms of inspections: the inspector pool, a random draw, an inspection record, a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.compliance.choices import OBLIGATION_LISTS
from npgov.core.attachments import AttachmentField
from npgov.core.importers import ImportSpec
from npgov.core.models import District
from npgov.enforcement.inspections.models import Case, InspectionTask, Inspector
from npgov.enterprises.selectors import industry_none, industry_with_enterprises


class InspectorForm(forms.ModelForm):
    class Meta:
        model = Inspector
        fields = ["name", "badge", "department", "district", "conflicts", "user", "active"]


INSPECTOR_IMPORT = ImportSpec(
    key="inspectors",
    model=Inspector,
    form_class=InspectorForm,
    key_field="badge",
    example={"name": "王某", "badge": "21020001", "department": "dl-eeb"},
)


class InspectionDrawForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, initial="新污染物环境执法“双随机、一公开”抽查")
    count = forms.IntegerField(label=_("enterprises to inspect"), min_value=1, max_value=500, initial=10)
    inspectors_per_task = forms.IntegerField(label=_("inspectors per enterprise"), min_value=1, max_value=5, initial=2)
    due_date = forms.DateField(
        label=_("inspections due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    exclude_own_district = forms.BooleanField(label=_("exclude officers of the enterprise's own district"),
                                              required=False, initial=True)  # fmt: skip
    seed = forms.CharField(
        label=_("random seed"), max_length=64, required=False,
        help_text=_("Leave empty for a fresh random seed; it is published with the draw."),
    )  # fmt: skip
    districts = forms.ModelMultipleChoiceField(label=_("districts"), required=False, queryset=District.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 6}))  # fmt: skip
    industries = forms.ModelMultipleChoiceField(label=_("industries"), required=False, queryset=industry_none(),
                                                widget=forms.SelectMultiple(attrs={"size": 6}))  # fmt: skip
    obligations = forms.MultipleChoiceField(label=_("on the obligation lists"), required=False,
                                            choices=[(item.key, item.title) for item in OBLIGATION_LISTS],
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip
    with_open_findings = forms.BooleanField(label=_("only enterprises with open compliance findings"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.exclude(kind__in=["province", "city"]).order_by("code")
        self.fields["industries"].queryset = industry_with_enterprises()


class InspectionRecordForm(forms.Form):
    inspected_on = forms.DateField(
        label=_("inspected on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    observations = forms.CharField(label=_("observations"), widget=forms.Textarea(attrs={"rows": 4}))
    # checked by content against an allow-list and size-capped (core.attachments); served only as a download
    attachment = AttachmentField(label=_("photo or document"), required=False)
    caption = forms.CharField(label=_("caption"), required=False, max_length=200)


# The boolean "published" of cases and draws: not the date a list was published (发布日期).
PUBLISHED_LABEL = _("published to the public")


class CaseForm(forms.ModelForm):
    """A case; opened from an inspection task (``task``), it keeps the link to that task."""

    class Meta:
        model = Case
        fields = ["number", "enterprise", "facts", "legal_basis", "decision", "penalty_yuan", "decided_on", "status",
                  "published"]  # fmt: skip
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"published": PUBLISHED_LABEL}

    def __init__(self, *args: Any, task: InspectionTask | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.task = task
        if task is not None and self.instance.task_id is None:
            self.instance.task = task

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.task is not None and data.get("enterprise") and data["enterprise"].pk != self.task.enterprise_id:
            self.add_error("enterprise", _("The case is opened from the inspection of %(enterprise)s.")
                           % {"enterprise": self.task.enterprise})  # fmt: skip
        if data.get("status") in (Case.Status.DECIDED, Case.Status.CLOSED) and not (
            data.get("decision") and data.get("decided_on")
        ):
            raise forms.ValidationError(_("A decided case needs its decision and date."))
        if data.get("published") and data.get("status") == Case.Status.OPEN:
            raise forms.ValidationError(_("Publish a case once it is decided."))
        return data
