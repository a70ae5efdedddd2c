"""Writes of complaints: filing (form and API), routing, and the handlers' actions (take up, reassign, reply, close).

Every action is a ComplaintStep with its time and actor; a routing (first or again) tells the users of the
department and the district through ``complaint_routed``.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from npgov.core.signals import emit
from npgov.portal.complaints import routing
from npgov.portal.complaints.models import Complaint, ComplaintPhoto, ComplaintStep
from npgov.portal.images import CleanImage

# Unambiguous characters only (no 0/O, 1/I/L): 31 ** 12 ≈ 7.9e17 codes, read aloud over the phone safely.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PREFIX = "JB"  # 举报
CODE_LENGTH = 12
MAX_PHOTOS = 3
OPEN_STATUSES = (Complaint.Status.ROUTED, Complaint.Status.IN_PROGRESS)


def new_tracking_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person types (lower case, spaces, dashes) → the stored form."""
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:32]


@dataclass(frozen=True)
class ComplaintInput:
    topic: str
    description: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    district: District | None = None
    occurred_on: date | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


def recipients_for(*, department_id: int | None, district_id: int | None) -> tuple[int, ...]:
    """Active users of the department and of the district (one query)."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    if department_id:
        condition |= Q(role=Role.DEPARTMENT, department_id=department_id)
    if district_id:
        condition |= Q(role=Role.DISTRICT, district_id=district_id)
    return tuple(User.objects.filter(condition, is_active=True).order_by("pk").values_list("pk", flat=True))


def _announce(complaint: Complaint, *, actor: User | None = None) -> None:
    emit(
        "complaint_routed",
        key=f"portal.complaint:{complaint.pk}",
        recipients=recipients_for(department_id=complaint.department_id, district_id=complaint.district_id),
        title=f"{complaint.tracking_code} · {complaint.get_topic_display()}",
        url=reverse("portal:complaint_detail", args=[complaint.pk]),
        due=complaint.due_date,
        actor=actor,
    )


@transaction.atomic
def complaint_file(
    *, data: ComplaintInput, photos: Sequence[CleanImage] = (), channel: str = Complaint.Channel.WEB,
    fingerprint: str = "", today: date | None = None, code: str | None = None,
) -> Complaint:  # fmt: skip
    """Record a complaint, keep its cleaned photos, route it and tell the handlers.

    ``code`` fixes the tracking code (demo data only); otherwise a random one is drawn.
    """
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    if (data.latitude is None) != (data.longitude is None):
        raise ValidationError({"latitude": _("Give both coordinates or neither.")})
    today = today or timezone.localdate()
    district = data.district
    if data.latitude is not None and data.longitude is not None:
        district = routing.district_at(data.latitude, data.longitude) or district
    department = routing.department_for(data.topic, routing.city_of(district))
    code = code or new_tracking_code()
    while Complaint.objects.filter(tracking_code=code).exists():  # pragma: no cover - 1 in 10^17
        code = new_tracking_code()
    complaint = Complaint(
        tracking_code=code, topic=data.topic, description=data.description, address=data.address,
        latitude=data.latitude, longitude=data.longitude, occurred_on=data.occurred_on,
        contact_name=data.contact_name, contact_phone=data.contact_phone, contact_email=data.contact_email,
        channel=channel, client_fingerprint=fingerprint, status=Complaint.Status.ROUTED,
        department=department, district=district, due_date=today + timedelta(days=settings.PORTAL_COMPLAINT_DAYS),
    )  # fmt: skip
    complaint.full_clean()
    complaint.save()
    for index, photo in enumerate(photos, start=1):
        record = ComplaintPhoto(
            complaint=complaint, content_type=photo.content_type, width=photo.width, height=photo.height,
            size_bytes=len(photo.content), sha256=photo.sha256,
        )  # fmt: skip
        # The stored name says nothing of the reporter's file name.
        record.image.save(f"{code}-{index}.{photo.extension}", ContentFile(photo.content), save=False)
        record.save()
    ComplaintStep.objects.create(complaint=complaint, kind=ComplaintStep.Kind.RECEIVED)
    ComplaintStep.objects.create(complaint=complaint, kind=ComplaintStep.Kind.ROUTED, department=department,
                                 district=district)  # fmt: skip
    _announce(complaint)
    return complaint


# --- handlers' actions ----------------------------------------------------------------------------------------
def may_handle(user: User, complaint: Complaint) -> bool:
    """Users who may act on the complaint: its department's and district's officials, and the bureau."""
    return Complaint.objects.restrict(user, "change").filter(pk=complaint.pk).exists()


def allowed_actions(user: User, complaint: Complaint) -> set[str]:
    if complaint.status == Complaint.Status.CLOSED or not may_handle(user, complaint):
        return set()
    actions = {"reassign", "reply", "close"}
    if complaint.status == Complaint.Status.ROUTED:
        actions.add("take")
    return actions


def _require(user: User, complaint: Complaint, action: str) -> None:
    if action not in allowed_actions(user, complaint):
        raise PermissionDenied(_("You may not do this with this complaint."))


def _step(complaint: Complaint, kind: str, user: User, **fields: Any) -> ComplaintStep:
    return ComplaintStep.objects.create(complaint=complaint, kind=kind, actor=user, **fields)


@transaction.atomic
def complaint_take(*, complaint: Complaint, user: User, note: str = "") -> Complaint:
    _require(user, complaint, "take")
    complaint.status = Complaint.Status.IN_PROGRESS
    complaint.handler = user
    complaint.save(update_fields=["status", "handler", "updated_at"])
    _step(complaint, ComplaintStep.Kind.ACCEPTED, user, department=complaint.department, internal_note=note)
    return complaint


@transaction.atomic
def complaint_reassign(
    *, complaint: Complaint, user: User, department: Department | None = None, district: District | None = None,
    note: str,
) -> Complaint:  # fmt: skip
    """Send the complaint to another department and/or district, with an internal note saying why."""
    _require(user, complaint, "reassign")
    if not note.strip():
        raise ValidationError({"note": _("Say why the complaint goes elsewhere.")})
    new_department = department or complaint.department
    new_district = district or complaint.district
    if new_department == complaint.department and new_district == complaint.district:
        raise ValidationError({"department": _("Choose another department or district.")})
    if new_department is not None and new_district is not None:
        city = routing.city_of(new_district)
        if city is not None and new_department.city_id != city.pk:
            raise ValidationError({"district": _("The department and the district must be in the same city.")})
    complaint.department, complaint.district = new_department, new_district
    complaint.status = Complaint.Status.ROUTED
    complaint.handler = None
    complaint.save(update_fields=["department", "district", "status", "handler", "updated_at"])
    _step(complaint, ComplaintStep.Kind.REASSIGNED, user, department=new_department, district=new_district,
          internal_note=note.strip())  # fmt: skip
    _announce(complaint, actor=user)
    return complaint


@transaction.atomic
def complaint_reply(*, complaint: Complaint, user: User, reply: str, note: str = "") -> Complaint:
    """Answer the reporter in public (shown with the status by tracking code)."""
    _require(user, complaint, "reply")
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": _("Write the answer to the reporter.")})
    if len(reply) > 2000:
        raise ValidationError({"reply": _("At most 2000 characters.")})
    complaint.public_reply = reply
    complaint.status = Complaint.Status.REPLIED
    complaint.replied_at = timezone.now()
    complaint.handler = complaint.handler or user
    complaint.save(update_fields=["public_reply", "status", "replied_at", "handler", "updated_at"])
    _step(complaint, ComplaintStep.Kind.REPLIED, user, department=complaint.department, internal_note=note.strip())
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, user: User, public_note: str = "", note: str = "") -> Complaint:
    """Close the complaint (after an answer, or with a note to the public saying why)."""
    _require(user, complaint, "close")
    if complaint.status != Complaint.Status.REPLIED and not public_note.strip():
        raise ValidationError({"public_note": _("Without an answer, tell the reporter why the complaint is closed.")})
    complaint.status = Complaint.Status.CLOSED
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at", "updated_at"])
    _step(complaint, ComplaintStep.Kind.CLOSED, user, department=complaint.department,
          public_note=public_note.strip()[:2000], internal_note=note.strip()[:2000])  # fmt: skip
    return complaint
