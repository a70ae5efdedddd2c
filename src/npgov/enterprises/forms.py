from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.models import District, User
from npgov.enterprises.models import Enterprise, Industry, Park, Permit, PermitLimit
from npgov.substances.selectors import substance_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


USERNAME_SEPARATORS = re.compile(r"[;；、,，\s]+")


class UsernamesField(forms.ModelMultipleChoiceField):
    """Enterprise accounts by their user names, as a file gives them: ``eve；bob`` (separated by ；, 、, a
    comma or spaces), or a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {
            "invalid_choice": _("No enterprise account has the user name %(value)s."),
            "invalid_pk_value": _("No enterprise account has the user name %(pk)s."),
        })  # fmt: skip
        super().__init__(queryset=User.objects.filter(role=Role.ENTERPRISE), to_field_name="username", **kwargs)

    @staticmethod
    def names(value: Any) -> Any:
        if isinstance(value, str):
            return [name for name in USERNAME_SEPARATORS.split(value.strip()) if name]
        return value

    def clean(self, value: Any) -> Any:
        return super().clean(self.names(value))

    def has_changed(self, initial: Any, data: Any) -> bool:
        return super().has_changed(initial, self.names(data))


class EnterpriseImportForm(EnterpriseForm):
    """The enterprise form of the file import: reporting users by user name in one cell.

    An empty cell (or no column) keeps an enterprise's users and its key-discharge flag (the import's rule
    for existing records); yes/no cells are read by ``clean_yes_no`` before the form sees them.
    """

    users = UsernamesField(
        label=_("reporting users"), required=False,
        help_text=_("User names of the enterprise's reporting accounts, separated by ；. An empty cell keeps "
                    "the current accounts."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["users"] = [user.username for user in self.instance.users.all()]


class ParkForm(forms.ModelForm):
    """An industrial park; its district is given by its code (also in imports)."""

    district = forms.ModelChoiceField(
        queryset=District.objects.all(),
        to_field_name="code",
        label=_("district"),
        help_text=_("GB/T 2260 code, or the zone code, e.g. 210211."),
        error_messages={"invalid_choice": _("No district has the code %(value)s.")},
    )

    class Meta:
        model = Park
        fields = ["name", "district", "chemical_park"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["district"] = self.instance.district.code


class PermitForm(forms.ModelForm):
    """A discharge permit or registration; its enterprise is given by the unified social credit code."""

    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.all(),
        to_field_name="uscc",
        label=_("enterprise"),
        help_text=_("Unified social credit code of the enterprise."),
        error_messages={"invalid_choice": _("No enterprise has the unified social credit code %(value)s.")},
    )

    class Meta:
        model = Permit
        fields = ["number", "kind", "enterprise", "valid_from", "valid_until", "states_new_pollutant_controls"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["enterprise"] = self.instance.enterprise.uscc


class NumberChoiceField(forms.ModelChoiceField):
    """A choice by a key that is not unique on its own (a permit and a registration may share a number)."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except Permit.MultipleObjectsReturned:
            raise forms.ValidationError(
                _("Several permits have the number %(value)s."), code="ambiguous", params={"value": value}
            ) from None


class PermitLimitForm(forms.ModelForm):
    """A substance a permit limits; the permit by its number, the substance by its CAS RN (also in imports)."""

    permit = NumberChoiceField(
        queryset=Permit.objects.all(),
        to_field_name="number",
        label=_("discharge permit"),
        help_text=_("The permit or registration number."),
        error_messages={"invalid_choice": _("No permit has the number %(value)s.")},
    )
    substance = forms.ModelChoiceField(
        queryset=substance_list().exclude(cas__isnull=True),
        to_field_name="cas",
        label=_("substance"),
        help_text=_("CAS RN of a substance in the registry, e.g. 1763-23-1."),
        error_messages={"invalid_choice": _("No substance in the registry has the CAS RN %(value)s.")},
    )

    class Meta:
        model = PermitLimit
        fields = ["permit", "substance", "kind", "value", "unit", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["permit"] = self.instance.permit.number
            self.initial["substance"] = self.instance.substance.cas
