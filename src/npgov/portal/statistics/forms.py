"""The bureau's portal settings form."""

from __future__ import annotations

from django import forms

from npgov.portal.public.models import PortalSettings


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = ["workplan_level"]
        widgets = {"workplan_level": forms.RadioSelect}
