"""Forms of the capacity file imports, loaded on first use (they need the substance registry's form field)."""

from __future__ import annotations

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from npgov.capacity.forms import LabMethodForm
from npgov.capacity.models import Lab
from npgov.substances.forms import SubstanceField


class LabMethodImportForm(LabMethodForm):
    """A laboratory method as a file gives it: the laboratory by its registered name and the substance by its
    CAS RN (or name), never by internal ids (issue #16, item 11). LOD and LOQ keep the model's declared range."""

    lab = django_forms.ModelChoiceField(
        label=_("laboratory"), queryset=Lab.objects.all(), to_field_name="name",
        help_text=_("The laboratory's name as registered."),
        error_messages={"invalid_choice": _("No laboratory has this name.")},
    )  # fmt: skip
    substance = SubstanceField()
