"""The complaint form (portal page) and the same checks for the API; the handlers' action form.

Abuse protection without a third-party service: a honeypot field people never see (bots fill it) and a
signed timestamp issued with the form (a submission faster than MIN_FILL_SECONDS, or older than a day, is
refused); photos are checked by content and re-encoded (``portal.images.clean_image``).
"""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from npgov.core.choices import DistrictKind
from npgov.core.models import Department, District
from npgov.enterprises.constants import CHINA_LATITUDE, CHINA_LONGITUDE
from npgov.portal.complaints.models import Complaint
from npgov.portal.complaints.services import MAX_PHOTOS, ComplaintInput
from npgov.portal.images import CleanImage, clean_image

PHOTO_MAX_BYTES = 6 * 1024 * 1024
# The whole request (three photos and the text): larger ones are refused before anything is read.
MAX_REQUEST_BYTES = MAX_PHOTOS * PHOTO_MAX_BYTES + 1024 * 1024
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 86400
TOKEN_SALT = "npgov.portal.complaint-form"
PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def form_token(*, at: float | None = None) -> str:
    """The signed time the form was issued (checked when it comes back)."""
    return signing.dumps({"t": int(time.time() if at is None else at)}, salt=TOKEN_SALT)


def min_fill_seconds() -> int:
    return int(getattr(settings, "PORTAL_COMPLAINT_MIN_SECONDS", MIN_FILL_SECONDS))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS images; each is checked by content and re-encoded. Errors name the file."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            names = "、".join(_name(f) for f in files)
            raise ValidationError(
                _("At most %(n)s photos; you chose %(count)s: %(names)s.")
                % {"n": MAX_PHOTOS, "count": len(files), "names": names},
                code="too_many",
            )
        cleaned, errors = [], []
        for upload in files:
            if not isinstance(upload, UploadedFile):
                errors.append(_("Send photos as files."))
                continue
            if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
                errors.append(
                    _("%(name)s: the photo is larger than %(mb)s MB.")
                    % {"name": _name(upload), "mb": PHOTO_MAX_BYTES // (1024 * 1024)}
                )
                continue
            try:
                cleaned.append(clean_image(upload, max_bytes=PHOTO_MAX_BYTES))
            except ValidationError as exc:
                errors.append(f"{_name(upload)}: {' '.join(exc.messages)}")
        if errors:
            raise ValidationError(errors)
        return cleaned


def _name(upload: Any) -> str:
    return str(getattr(upload, "name", "") or _("(unnamed file)"))[:80]


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.parent.name_zh} · {obj.name_zh}" if obj.parent is not None else obj.name_zh


def reporting_districts() -> Any:
    """Districts and counties of the cities (what a reporter picks from)."""
    return District.objects.filter(parent__kind=DistrictKind.CITY).select_related("parent").order_by("code")


class ComplaintDataForm(forms.Form):
    """What a complaint holds, as the portal form and the API take it (the API names the district by its code)."""

    topic = forms.ChoiceField(label=gettext_lazy("What is it about?"), choices=Complaint.Topic.choices)
    description = forms.CharField(
        label=gettext_lazy("What happened?"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What you saw, smelled or bought; who is involved, if you know. At most 2000 "
                               "characters."),
    )  # fmt: skip
    address = forms.CharField(
        label=gettext_lazy("Address or place"), max_length=200, required=False,
        help_text=gettext_lazy("A street address, a landmark or a company name."),
    )  # fmt: skip
    latitude = forms.FloatField(
        label=gettext_lazy("latitude"), required=False, min_value=CHINA_LATITUDE[0], max_value=CHINA_LATITUDE[1],
        widget=forms.HiddenInput,
    )  # fmt: skip
    longitude = forms.FloatField(
        label=gettext_lazy("longitude"), required=False, min_value=CHINA_LONGITUDE[0], max_value=CHINA_LONGITUDE[1],
        widget=forms.HiddenInput,
    )  # fmt: skip
    district = DistrictChoiceField(
        label=gettext_lazy("District or county"), queryset=District.objects.none(), to_field_name="code",
        required=False, empty_label=gettext_lazy("— not sure —"),
    )  # fmt: skip
    occurred_on = forms.DateField(
        label=gettext_lazy("When did it happen?"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    photos = PhotosField(
        label=gettext_lazy("Photos"),
        help_text=gettext_lazy(
            "Up to 3 photos (JPEG, PNG or WebP, at most 6 MB each). Location and camera data are removed from them."
        ),  # fmt: skip
    )
    contact_name = forms.CharField(label=gettext_lazy("Your name"), max_length=60, required=False)
    contact_phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Email"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = reporting_districts()
        self.fields["photos"].widget.attrs.update({"accept": "image/jpeg,image/png,image/webp", "multiple": True})
        self.fields["contact_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})
        # Plain Bootstrap widgets (the signed-in pages' type-ahead pickers need an account).
        for field in self.fields.values():
            if not field.widget.is_hidden:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def clean_photos(self) -> list[CleanImage]:
        return self.cleaned_data.get("photos") or []

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data.get("contact_phone", "").strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Digits only (with + - ( ) and spaces), 5 to 30 characters."))
        return phone

    def clean_occurred_on(self) -> date | None:
        day = self.cleaned_data.get("occurred_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("This date is in the future."))
        if day is not None and day.year < 2000:
            raise ValidationError(_("Give a date from 2000 on."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error("latitude", _("Give both coordinates or neither."))
        located = lat is not None and lon is not None
        if not (data.get("address", "").strip() or located or data.get("district")) and not self.errors.keys() & {
            "latitude", "longitude", "district",
        }:  # fmt: skip
            raise ValidationError(_("Say where: an address or place, a point on the map, or the district."))
        return data

    def to_input(self) -> ComplaintInput:
        data = self.cleaned_data
        return ComplaintInput(
            topic=data["topic"], description=data["description"].strip(), address=data.get("address", "").strip(),
            latitude=data.get("latitude"), longitude=data.get("longitude"), district=data.get("district"),
            occurred_on=data.get("occurred_on"), contact_name=data.get("contact_name", "").strip(),
            contact_phone=data.get("contact_phone", ""), contact_email=data.get("contact_email", ""),
        )  # fmt: skip


class ComplaintForm(ComplaintDataForm):
    """The portal's form: adds the honeypot and the signed time it was issued."""

    # Named like a field bots fill in; hidden from people (and from screen readers) by the template.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["started"] = form_token()

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def clean_started(self) -> str:
        token = self.cleaned_data.get("started", "")
        try:
            issued = float(signing.loads(token, salt=TOKEN_SALT, max_age=MAX_FORM_AGE)["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                _("The form has expired. Please check your entries and send it again."), code="expired"
            ) from exc
        if time.time() - issued < min_fill_seconds():
            raise ValidationError(_("The form was sent too quickly. Please wait a moment and send it again."),
                                  code="too_fast")  # fmt: skip
        return token

    @property
    def refused_as_automated(self) -> bool:
        return self.has_error("website") or self.has_error("started")


ACTIONS = (
    ("take", gettext_lazy("Take up")),
    ("reassign", gettext_lazy("Reassign")),
    ("reply", pgettext_lazy("complaint", "Answer")),
    ("close", pgettext_lazy("complaint", "Close")),
)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=ACTIONS)
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False,
                                        label=gettext_lazy("responsible department"))  # fmt: skip
    district = DistrictChoiceField(queryset=District.objects.none(), required=False, to_field_name="code",
                                   label=gettext_lazy("district"))  # fmt: skip
    reply = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Answer to the reporter (public)"),
                            widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    public_note = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Note to the reporter (public)"),
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    note = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Internal note (officials only)"),
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.select_related("city")
        if complaint is not None and complaint.department is not None:
            departments = departments.filter(city_id=complaint.department.city_id)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = reporting_districts()
