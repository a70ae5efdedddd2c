from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.core.forms import ImportUploadForm
from npgov.regulations.services.screening import SCREENING_LIMITS, SCREENING_PER_HOUR

MAX_IDENTIFIERS = 500


class ClassifyForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Chemicals"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "2795-39-3\n二氯甲烷\nClCC(Cl)CCCl"}),
        help_text=_("One per line: CAS RN, Chinese or English name, SMILES, InChI or InChIKey (at most 500)."),
    )

    def clean_identifiers(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["identifiers"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Enter at least one chemical."))
        if len(lines) > MAX_IDENTIFIERS:
            raise forms.ValidationError(_("At most 500 lines; upload a file for batch screening instead."))
        if any(len(line) > 2000 for line in lines):
            raise forms.ValidationError(_("A line is longer than 2,000 characters."))
        return lines


class ScreeningUploadForm(ImportUploadForm):
    """An inventory file with a CAS, name (名称) or SMILES column, within the screening caps."""

    background = None  # screening always runs as a job

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("limits", SCREENING_LIMITS)
        super().__init__(*args, **kwargs)
        per_user = _("At most %(n)s files an hour per user, one at a time.") % {"n": SCREENING_PER_HOUR}
        self.fields["file"].help_text = f"{SCREENING_LIMITS.describe()} {per_user}"
