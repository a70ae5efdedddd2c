from __future__ import annotations

from django import forms

from npgov.compliance.models import ExistingSubstance, NewSubstanceRegistration
from npgov.core.importers import ImportSpec, register_import
from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.substances.validators import cas_error_message


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = NewSubstanceRegistration
        fields = ["kind", "certificate", "substance_name", "cas", "substance", "tonnage_band", "holder", "holder_name",
                  "issued", "source"]  # fmt: skip
        widgets = {"issued": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_cas(self) -> str:
        cas = self.cleaned_data.get("cas", "").strip()
        if not cas:
            return ""
        try:
            return normalise_cas(cas)
        except IdentifierError as exc:
            raise forms.ValidationError(cas_error_message(exc)) from exc


class ExistingSubstanceForm(forms.ModelForm):
    class Meta:
        model = ExistingSubstance
        fields = ["cas", "name_zh", "source"]

    clean_cas = RegistrationForm.clean_cas


REGISTRATION_IMPORT = ImportSpec(
    key="new-substance-registrations",
    model=NewSubstanceRegistration,
    form_class=RegistrationForm,
    key_field="certificate",
    example={
        "kind": "regular",
        "certificate": "HJ-2024-0001",
        "substance_name": "示例物质",
        "tonnage_band": "10–100 t/a",
        "holder_name": "大连某化工有限公司",
    },
)
INVENTORY_IMPORT = ImportSpec(
    key="existing-substances",
    model=ExistingSubstance,
    form_class=ExistingSubstanceForm,
    key_field="cas",
    example={"cas": "50-00-0", "name_zh": "甲醛", "source": "中国现有化学物质名录（2013年版及增补）"},
)


def register() -> None:
    """Called from ComplianceConfig.ready()."""
    register_import(REGISTRATION_IMPORT)
    register_import(INVENTORY_IMPORT)
