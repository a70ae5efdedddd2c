from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry, Park


class EnterpriseForm(forms.ModelForm):
    """An enterprise; district and industry are given by their codes (also in imports)."""

    district = forms.ModelChoiceField(
        queryset=District.objects.all(),
        to_field_name="code",
        label=_("district"),
        help_text=_("GB/T 2260 code, or the zone code, e.g. 210211."),
        error_messages={"invalid_choice": _("No district has the code %(value)s.")},
    )
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.filter(level="class"),
        to_field_name="code",
        label=_("industry"),
        help_text=_("GB/T 4754-2017 class code, e.g. 2614."),
        error_messages={"invalid_choice": _("%(value)s is not a GB/T 4754-2017 class code.")},
    )
    park = forms.ModelChoiceField(
        queryset=Park.objects.all(), to_field_name="name", label=_("industrial park"), required=False
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "district",
            "address",
            "latitude",
            "longitude",
            "industry",
            "park",
            "contact_name",
            "contact_phone",
            "status",
            "key_discharge_unit",
            "users",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["district"] = self.instance.district.code
            self.initial["industry"] = self.instance.industry.code
            self.initial["park"] = self.instance.park.name if self.instance.park else None
