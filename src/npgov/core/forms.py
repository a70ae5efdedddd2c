"""Core forms: uploads, the organisation, users."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from npgov.core.tabular import CSV_SUFFIXES, EXCEL_SUFFIXES
from npgov.core.uploads import UploadLimits, UploadRefused, check_size

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8 or GB18030) or Excel .xlsx, first sheet."))
    background = forms.BooleanField(
        label=_("Run in the background"), required=False,
        help_text=_("Large files always run in the background with a progress bar."),
    )  # fmt: skip

    def __init__(self, *args: Any, limits: UploadLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in CSV_SUFFIXES | EXCEL_SUFFIXES:
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if self.limits is not None:
            try:
                check_size(upload.size, self.limits)
            except UploadRefused as exc:
                raise ValidationError(str(exc)) from None
        elif upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 200 MB."))
        return upload


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )


class DepartmentForm(forms.ModelForm):
    city = forms.ModelChoiceField(
        queryset=District.objects.filter(kind="city"), to_field_name="code", label=_("city"),
        help_text=_("GB/T 2260 code of the city, e.g. 210200."),
        error_messages={"invalid_choice": _("No city has the code %(value)s.")},
    )  # fmt: skip
    aliases = forms.CharField(
        label=_("other names"), required=False, help_text=_("Separate several names with ; or 、")
    )

    class Meta:
        model = Department
        fields = [
            "code",
            "city",
            "name_zh",
            "short_name_zh",
            "name_en",
            "aliases",
            "kind",
            "function",
            "is_lead",
            "duties",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = "；".join(self.instance.aliases)
            # The city is chosen by its code (the import's natural key), so the initial value is the code too.
            self.initial["city"] = self.instance.city.code

    def clean_aliases(self) -> list[str]:
        raw = self.cleaned_data.get("aliases") or ""
        for separator in ("；", "、", ","):
            raw = raw.replace(separator, ";")
        return [name.strip() for name in raw.split(";") if name.strip()]


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["code", "name_zh", "name_en", "kind", "zone_label", "parent", "official_code", "statistical_code",
                  "verified", "source", "note"]  # fmt: skip


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput(render_value=False), required=False,
        help_text=_("Required for a new user; leave empty to keep the current password."),
    )  # fmt: skip

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "department", "district", "email", "phone", "is_active"]

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editor is None or not editor.is_superuser:
            # Only a superuser creates system administrators.
            self.fields["role"].choices = [c for c in self.fields["role"].choices if c[0] != Role.SYSADMIN]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if not self.instance.pk and not password:
            self.add_error("password", _("A new user needs an initial password."))
        elif password:
            try:
                validate_password(password, self.instance)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user
