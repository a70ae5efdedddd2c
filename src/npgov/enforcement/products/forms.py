"""Forms of product sampling: samples, one result, a lab's result file."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.models import Department, District
from npgov.core.tabular import CSV_SUFFIXES, EXCEL_SUFFIXES
from npgov.core.uploads import UploadRefused, check_size
from npgov.enforcement.products.importers import RESULT_LIMITS
from npgov.enforcement.products.models import MassUnit, Measurement, ProductCategory, ProductSample
from npgov.enterprises.selectors import enterprise_visible
from npgov.substances.forms import SubstanceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def departments_for(user: Any) -> QuerySet[Department]:
    """A department user records its own department's work only; the bureau may record for any."""
    departments = Department.objects.all()
    if getattr(user, "role", None) == Role.DEPARTMENT:
        return departments.filter(pk=user.department_id)
    return departments


class ProductSampleForm(forms.ModelForm):
    class Meta:
        model = ProductSample
        fields = ["code", "category", "product_name", "brand", "model_number", "batch_number", "producer",
                  "producer_name", "seller_name", "place", "district", "sampled_on", "department", "note"]  # fmt: skip
        widgets = {"sampled_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProductCategory.objects.select_related("parent")
        self.fields["category"].label_from_instance = lambda c: f"{c.parent} › {c}" if c.parent_id else str(c)
        self.fields["district"].queryset = District.objects.exclude(kind="province").order_by("code")
        self.fields["department"].queryset = departments_for(user)
        self.fields["producer"].queryset = enterprise_visible(user=user).order_by("name")
        if self.instance.pk is None and getattr(user, "department_id", None):
            self.initial.setdefault("department", user.department_id)


class ProductResultForm(forms.Form):
    substance = SubstanceField()
    measurement = forms.ChoiceField(label=_("measured as"), choices=Measurement.choices, initial=Measurement.CONTENT)
    value = forms.CharField(
        label=_("value"), max_length=40, help_text=_("A number; a non-detect as ND, 未检出 or <0.01.")
    )
    unit = forms.ChoiceField(label=_("unit"), choices=MassUnit.choices, initial=MassUnit.MG_KG)
    lab = forms.CharField(label=_("laboratory"), max_length=200, required=False)
    method = forms.CharField(label=_("test method"), max_length=120, required=False)


class ProductResultUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or GB18030) or Excel .xlsx, first sheet; one row per result.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in CSV_SUFFIXES | EXCEL_SUFFIXES:
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            check_size(upload.size, RESULT_LIMITS)
        except UploadRefused as exc:
            raise ValidationError(str(exc), code="too_large") from None
        return upload
