"""The enterprise's disclosure form: the year's treatment text and note, and its lines in a formset."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from npgov.portal.disclosures.models import Disclosure, DisclosureLine

MAX_AMOUNT_T = Decimal("10000000")  # 10 million tonnes a year: above any single site
MAX_CONCENTRATION = Decimal("1000000")  # mg/kg: 100 %; mg/L and mg/m³ far below
MAX_LINES = 200
COMMAS = (",", "，")


class PointDecimalField(forms.DecimalField):
    """A decimal number written with a decimal point; a decimal comma is refused with a clear message."""

    default_error_messages = {"invalid": _("Enter a number, such as 12.5.")}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and any(c in value for c in COMMAS):
            raise ValidationError(
                _("Write the decimal separator as a point (12.5), not a comma (12,5), and no thousands separators."),
                code="decimal_comma",
            )
        return super().to_python(value)  # refuses NaN and infinities ("invalid")


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = ["treatment", "correction_note"]
        widgets = {"treatment": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correction:
            self.fields["correction_note"].required = True
        else:
            del self.fields["correction_note"]


class LineForm(forms.ModelForm):
    amount_t = PointDecimalField(
        label=_("amount (t)"), max_digits=16, decimal_places=6,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT_T)],
        help_text=_("Used or emitted in the year, in tonnes."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip
    concentration = PointDecimalField(
        label=_("concentration"), max_digits=16, decimal_places=6, required=False,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CONCENTRATION)],
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip

    class Meta:
        model = DisclosureLine
        fields = ["kind", "substance", "medium", "amount_t", "concentration", "concentration_unit", "treatment"]
        widgets = {"treatment": forms.TextInput(attrs={"maxlength": 500})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind, medium = cleaned.get("kind"), cleaned.get("medium")
        concentration, unit = cleaned.get("concentration"), cleaned.get("concentration_unit")
        if concentration is not None and not unit and "concentration_unit" not in self.errors:
            self.add_error("concentration_unit", ValidationError(_("Give the unit of the concentration."), code="unit"))
        if unit and concentration is None and "concentration" not in self.errors:
            self.add_error(
                "concentration", ValidationError(_("Give the concentration, or leave its unit empty."), code="no_value")
            )
        if kind == DisclosureLine.Kind.RAW_MATERIAL and (medium or concentration is not None):
            self.add_error(
                "medium",
                ValidationError(
                    _("A raw material used has no medium or concentration: only emissions do."), code="raw_material"
                ),
            )
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[Any, ...]] = set()
        count = 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue  # an added row left empty, or a removed line
            count += 1
            data = form.cleaned_data
            key = (data.get("kind"), getattr(data.get("substance"), "pk", None), data.get("medium") or "")
            if key in seen:
                raise ValidationError(
                    _("%(substance)s is listed twice with the same kind and medium: merge the lines.")
                    % {"substance": data.get("substance")},
                    code="duplicate",
                )
            seen.add(key)
        if count == 0:
            raise ValidationError(
                _("Add at least one line: a toxic raw material used or a toxic substance emitted."), code="no_lines"
            )

    def lines(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=0, can_delete=True, max_num=MAX_LINES, validate_max=True,
    absolute_max=MAX_LINES,
)  # fmt: skip
