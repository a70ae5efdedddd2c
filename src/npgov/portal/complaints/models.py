"""Complaints and reports from the public (举报): intake, routing to a department and a district, handling steps.

The reporter's contact and the client fingerprint are personal data: only the officials handling the
complaint read them; the public status (by tracking code) shows the steps and the public reply only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import Department, District, RegistryModel
from npgov.core.models.base import RestrictedQuerySet
from npgov.core.numbers import range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.enterprises.constants import CHINA_LATITUDE, CHINA_LONGITUDE
from npgov.science.numbers import NumberRange

__all__ = ["Complaint", "ComplaintPhoto", "ComplaintStep"]

# Declared ranges (issue #16): a point in China, as on the map.
COMPLAINT_LATITUDE = NumberRange(*CHINA_LATITUDE)
COMPLAINT_LONGITUDE = NumberRange(*CHINA_LONGITUDE)

# The department it is routed to and the district it happened in handle it; the bureau sees all.
COMPLAINT_SCOPE = Scope(department="department", district="district")
CHILD_SCOPE = Scope(department="complaint__department", district="complaint__district")


class Complaint(RegistryModel):
    """One complaint or report, from the portal form or the public API."""

    class Topic(models.TextChoices):
        EMISSION = "emission", _("Illegal discharge or emission of toxic substances")
        CHEMICAL_WASTE = "chemical_waste", _("Dumping of chemicals or hazardous waste")
        PRODUCT = "product", _("Products containing banned or restricted substances")
        PESTICIDE = "pesticide", _("Pesticides or veterinary drugs")
        TRADE = "trade", _("Import or export of controlled chemicals")
        MARINE = "marine", _("Pollution of the sea or the coast")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ROUTED = "routed", _("Routed for handling")
        IN_PROGRESS = "in_progress", _("Being handled")
        REPLIED = "replied", _("Answered")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        WEB = "web", _("Portal form")
        API = "api", _("API")

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("what happened"), max_length=2000)
    address = models.CharField(_("where"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=range_validators(COMPLAINT_LATITUDE))
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=range_validators(COMPLAINT_LONGITUDE)
    )
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices, default=Channel.WEB)
    # A salted hash of the client address: lets the bureau see abuse without keeping the address itself.
    client_fingerprint = models.CharField(_("client fingerprint"), max_length=64, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ROUTED)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )  # fmt: skip
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )  # fmt: skip
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    public_reply = models.TextField(_("public reply"), blank=True, max_length=2000)
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["contact_name", "contact_phone", "contact_email"])
    scope = COMPLAINT_SCOPE

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="portal_complaint_point_complete",
            ),
            range_constraint("latitude", COMPLAINT_LATITUDE, name="portal_complaint_latitude_range"),
            range_constraint("longitude", COMPLAINT_LONGITUDE, name="portal_complaint_longitude_range"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="portal_complaint_status_due")]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.get_topic_display()}"

    def get_absolute_url(self) -> str:
        return reverse("portal:complaint_detail", args=[self.pk])

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.status in (self.Status.ROUTED, self.Status.IN_PROGRESS) and bool(
            self.due_date and self.due_date < today  # type: ignore[operator]
        )


class ComplaintStep(models.Model):
    """A handling step. ``public_note`` is shown with the public status; ``internal_note`` only to officials."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        ROUTED = "routed", _("Routed")
        REASSIGNED = "reassigned", _("Reassigned")
        ACCEPTED = "accepted", _("Taken up for handling")
        REPLIED = "replied", _("Answered")
        CLOSED = "closed", _("Closed")

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="steps")  # fmt: skip
    at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    public_note = models.TextField(_("note shown to the public"), blank=True, max_length=2000)
    internal_note = models.TextField(_("internal note"), blank=True, max_length=2000)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = RestrictedQuerySet.as_manager()
    scope = CHILD_SCOPE

    class Meta:
        ordering = ["complaint", "at", "pk"]
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} · {self.get_kind_display()}"


class ComplaintPhoto(models.Model):
    """A photo sent with a complaint, as re-encoded by the portal (content checked, metadata stripped)."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="photos")  # fmt: skip
    image = models.FileField(_("photo"), upload_to="portal/complaints/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope = CHILD_SCOPE

    class Meta:
        ordering = ["complaint", "pk"]
        verbose_name = _("complaint photo")
        verbose_name_plural = _("complaint photos")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} · {self.pk}"
