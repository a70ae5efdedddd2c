from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from npgov.core.widgets import PickerTextInput
from npgov.science.identifiers import IdentifierError, fold_identifier, normalise_cas
from npgov.substances.models import Substance, SubstanceProperty
from npgov.substances.selectors import substance_resolve
from npgov.substances.services import substance_apply_structure
from npgov.substances.validators import cas_error_message

CAS_INPUT_LENGTH = 40  # what may be typed ("CAS RN: 0000050-00-0"); the canonical form fits the field's 12


class SubstanceForm(forms.ModelForm):
    """Add or change a substance; the structure identifiers are derived from the SMILES on validation."""

    class Meta:
        model = Substance
        fields = ["cas", "ec_number", "name_zh", "name_en", "synonyms", "kind", "smiles", "source", "verified"]
        widgets = {
            "synonyms": forms.Textarea(attrs={"rows": 3}),
            "smiles": forms.TextInput(),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed as people write it ("CAS RN: ５０－００－０"): read first, then the canonical form is stored.
        field = cast(forms.CharField, self.fields["cas"])
        field.max_length = CAS_INPUT_LENGTH
        field.widget.attrs["maxlength"] = str(CAS_INPUT_LENGTH)
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(CAS_INPUT_LENGTH))

    def clean_cas(self) -> str | None:
        """The canonical CAS RN; full-width digits and dashes are read as their ASCII forms first."""
        text = fold_identifier(self.cleaned_data.get("cas") or "")
        if not text:
            return None
        try:
            return normalise_cas(text)
        except IdentifierError as exc:
            raise ValidationError(cas_error_message(exc), code=exc.code) from None

    def _post_clean(self) -> None:
        super()._post_clean()
        if "smiles" not in self.errors:
            try:
                substance_apply_structure(self.instance)
            except forms.ValidationError as exc:
                self.add_error(None, exc)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("synonyms"):
            cleaned["synonyms"] = "\n".join(
                s.strip() for s in cleaned["synonyms"].replace("|", "\n").splitlines() if s.strip()
            )
        return cleaned


class SubstancePropertyForm(forms.ModelForm):
    """A property value with its provenance; the substance is named by its CAS RN (imports)."""

    substance = forms.ModelChoiceField(
        queryset=Substance.objects.exclude(cas__isnull=True),
        to_field_name="cas",
        label=_("CAS RN"),
        error_messages={"invalid_choice": _("No substance in the registry has the CAS RN %(value)s.")},
    )

    class Meta:
        model = SubstanceProperty
        fields = ["substance", "name", "qualifier", "value", "unit", "basis", "reliability", "conditions", "source"]


class SubstanceField(forms.CharField):
    """A registry substance given by its CAS RN or its name, as the import files give it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("substance"))
        kwargs.setdefault("help_text", _("CAS RN (preferred), or the Chinese or English name."))
        kwargs.setdefault("widget", PickerTextInput("substances.substance", "cas"))  # suggests as one types
        super().__init__(max_length=200, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            value = Substance.objects.filter(pk=value).first()
        if isinstance(value, Substance):
            return value.cas or value.name_zh or value.name_en
        return value

    def clean(self, value: Any) -> Substance | None:
        text = super().clean(value)
        if not text:
            return None
        # "５０－００－０" is a CAS RN typed with full-width characters, not a name (issue #16).
        substance_id, error = substance_resolve(fold_identifier(text))
        if substance_id is None:
            raise ValidationError(error)
        return Substance.objects.get(pk=substance_id)
