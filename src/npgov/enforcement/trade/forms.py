"""Forms of import/export checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from npgov.core.numbers import clean_number
from npgov.enforcement.products.forms import DATE, departments_for
from npgov.enforcement.trade import services
from npgov.enforcement.trade.models import TRADE_QUANTITY, TradeCheck, normalise_hs_code
from npgov.enterprises.selectors import enterprise_visible
from npgov.substances.forms import SubstanceField


class QuantityField(forms.CharField):
    """A declared quantity read by the platform's one number reader (full-width digits, no decimal comma, finite,
    within the model's range, at most three decimals)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("quantity"))
        super().__init__(max_length=40, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        return clean_number(text, TRADE_QUANTITY, required=self.required, places=3)


class TradeCheckForm(forms.ModelForm):
    substance = SubstanceField()
    quantity = QuantityField()
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
        self.fields["department"].queryset = departments_for(user)
        self.fields["enterprise"].queryset = enterprise_visible(user=user).order_by("name")
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
