"""Forms of product sampling and import/export checks."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.models import Department, District
from npgov.core.tabular import CSV_SUFFIXES, EXCEL_SUFFIXES
from npgov.enforcement import services_products as services
from npgov.enforcement.models import ProductCategory, ProductSample, TradeCheck
from npgov.enforcement.models.products import MassUnit, Measurement
from npgov.enforcement.models.trade import normalise_hs_code
from npgov.enterprises.models import Enterprise
from npgov.substances.forms import SubstanceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_MB = 20


def _departments_for(user: Any) -> Any:
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
        self.fields["department"].queryset = _departments_for(user)
        self.fields["producer"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
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
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(mb)s MB: split it.") % {"mb": MAX_UPLOAD_MB})
        return upload


class TradeCheckForm(forms.ModelForm):
    substance = SubstanceField()
    # Longer than the stored code: dots and spaces are removed before the 6–10 digits are checked.
    hs_code = forms.CharField(
        label=_("HS code"), max_length=20, help_text=_("6 to 10 digits; dots are removed (2903.12 → 290312).")
    )

    class Meta:
        model = TradeCheck
        fields = ["checked_on", "direction", "department", "enterprise", "enterprise_name", "declaration_number",
                  "hs_code", "substance", "declared_use", "quantity", "quantity_unit", "release_notice_number",
                  "result", "violation_kind", "description"]  # fmt: skip
        widgets = {"checked_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments_for(user)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
        if self.instance.pk is None and getattr(user, "department_id", None):
            self.initial.setdefault("department", user.department_id)

    def clean_hs_code(self) -> str:
        code = normalise_hs_code(self.cleaned_data.get("hs_code", ""))
        if not (code.isascii() and code.isdigit() and 6 <= len(code) <= 10):
            raise ValidationError(_("An HS code has 6 to 10 digits (dots and spaces are left out)."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        substance = data.get("substance")
        if substance is not None and "violation_kind" not in self.errors:
            error = services.trade_check_release_notice_error(
                substance=substance,
                release_notice_number=data.get("release_notice_number", ""),
                violation_kind=data.get("violation_kind", ""),
            )
            if error:
                self.add_error("release_notice_number", error)
        return data
