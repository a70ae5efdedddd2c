"""Reads of complaints: the public status by tracking code, the handlers' lists, what is near a reported place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from npgov.core.models import User
from npgov.enterprises.selectors import enterprises_in_box
from npgov.portal.complaints.models import Complaint, ComplaintPhoto, ComplaintStep
from npgov.science.geo import bounding_box, nearest

NEARBY_KM = 3.0
NEARBY_LIMIT = 10
OPEN = (Complaint.Status.ROUTED, Complaint.Status.IN_PROGRESS)


# --- the public status ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublicStep:
    kind: str  # label
    at: Any
    department: str  # the department's name (public); never a person's name
    note: str


@dataclass(frozen=True)
class PublicStatus:
    """What anyone holding the tracking code may read: no contact, photos, handler or internal note."""

    tracking_code: str
    topic: str
    status: str
    status_code: str
    received: date
    due: date | None
    department: str
    steps: list[PublicStep]
    reply: str
    replied: date | None


def public_status(*, code: str) -> PublicStatus | None:
    complaint = (
        Complaint.objects.filter(tracking_code=code)
        .select_related("department")
        .only(
            "pk",
            "tracking_code",
            "topic",
            "status",
            "created_at",
            "due_date",
            "department__name_zh",
            "public_reply",
            "replied_at",
        )  # fmt: skip
        .first()
    )
    if complaint is None:
        return None
    steps = [
        PublicStep(
            kind=str(step.get_kind_display()),
            at=step.at,
            department=step.department.name_zh if step.department is not None and step.kind in _ROUTING_KINDS else "",
            note=step.public_note,
        )
        for step in ComplaintStep.objects.filter(complaint=complaint)
        .select_related("department")
        .only("kind", "at", "public_note", "department__name_zh", "complaint_id")
    ]
    return PublicStatus(
        tracking_code=complaint.tracking_code,
        topic=str(complaint.get_topic_display()),
        status=str(complaint.get_status_display()),
        status_code=complaint.status,
        received=timezone.localdate(complaint.created_at),
        due=complaint.due_date if complaint.status in OPEN else None,
        department=complaint.department.name_zh if complaint.department is not None else "",
        steps=steps,
        reply=complaint.public_reply if complaint.status in (Complaint.Status.REPLIED, Complaint.Status.CLOSED) else "",
        replied=timezone.localdate(complaint.replied_at) if complaint.replied_at else None,
    )


_ROUTING_KINDS = (ComplaintStep.Kind.ROUTED, ComplaintStep.Kind.REASSIGNED)


def public_status_json(status: PublicStatus, *, status_url: str) -> dict[str, Any]:
    return {
        "tracking_code": status.tracking_code,
        "topic": status.topic,
        "status": status.status_code,
        "status_label": status.status,
        "received": status.received.isoformat(),
        "due": status.due.isoformat() if status.due else None,
        "department": status.department,
        "steps": [
            {"step": s.kind, "at": s.at.isoformat(), "department": s.department, "note": s.note} for s in status.steps
        ],
        "reply": status.reply,
        "replied": status.replied.isoformat() if status.replied else None,
        "status_url": status_url,
    }


# --- the handlers' side ---------------------------------------------------------------------------------------
def complaints_visible(*, user: User, action: str = "view") -> QuerySet[Complaint]:
    return Complaint.objects.restrict(user, action)


def open_complaints(*, user: User, today: date, overdue_only: bool = False) -> QuerySet[Complaint]:
    """Open complaints the user handles, overdue first then by due date."""
    rows = complaints_visible(user=user).filter(status__in=OPEN)
    if overdue_only:
        rows = rows.filter(due_date__lt=today)
    return rows.select_related("department", "district").order_by("due_date", "pk")


def complaint_steps(*, complaint: Complaint) -> list[ComplaintStep]:
    return list(complaint.steps.select_related("department", "district", "actor"))


def complaint_photos(*, complaint: Complaint) -> list[ComplaintPhoto]:
    return list(complaint.photos.all())


def photo_visible(*, user: User, pk: int) -> ComplaintPhoto | None:
    return ComplaintPhoto.objects.restrict(user, "view").filter(pk=pk).select_related("complaint").first()


def nearby(
    *, complaint: Complaint, user: User, radius_km: float = NEARBY_KM, limit: int = NEARBY_LIMIT
) -> dict[str, Any]:
    """The enterprises and monitoring sites nearest the reported point (within ``radius_km``), with distances."""
    if complaint.latitude is None or complaint.longitude is None:
        return {"enterprises": [], "sites": [], "radius_km": radius_km, "located": False}
    # Imported here: the monitoring selectors load the statistics libraries, which start-up must not (the
    # workspace registers this module's callers in AppConfig.ready()).
    from npgov.monitoring.selectors import Filters, map_sites

    lat, lon = complaint.latitude, complaint.longitude
    box = bounding_box(lat, lon, radius_km)
    enterprises = enterprises_in_box(south=box.south, west=box.west, north=box.north, east=box.east, user=user)
    sites = [
        s
        for s in map_sites(user=user, substance_id=None, statistic="n", filters=Filters())["sites"]
        if s["lat"] is not None and box.contains(s["lat"], s["lon"])
    ]
    return {
        "enterprises": nearest(
            lat, lon, ((e, e.latitude, e.longitude) for e in enterprises), radius_km=radius_km, limit=limit
        ),  # fmt: skip
        "sites": nearest(lat, lon, ((s, s["lat"], s["lon"]) for s in sites), radius_km=radius_km, limit=limit),
        "radius_km": radius_km,
        "located": True,
    }


# --- open data: statistics only -------------------------------------------------------------------------------
def statistics_rows() -> list[dict[str, Any]]:
    """Complaints per month, topic, district and status, with the average days to an answer: no text, no person."""
    topics, statuses = dict(Complaint.Topic.choices), dict(Complaint.Status.choices)
    groups = (
        Complaint.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "topic", "district__name_zh", "status")
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(replied_at__isnull=False)))
        .order_by("month", "topic", "district__name_zh", "status")
    )
    days: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    answered = Complaint.objects.filter(replied_at__isnull=False).annotate(month=TruncMonth("created_at"))
    for month, topic, district, status, created, replied in answered.values_list(
        "month", "topic", "district__name_zh", "status", "created_at", "replied_at"
    ):
        if replied is not None and created is not None:
            days[(month, topic, district, status)].append((replied - created).total_seconds() / 86400)
    rows = []
    for group in groups:
        spent = days.get((group["month"], group["topic"], group["district__name_zh"], group["status"]), [])
        rows.append(
            {
                "month": group["month"].strftime("%Y-%m") if group["month"] else "",
                "topic": str(topics.get(group["topic"], group["topic"])),
                "district": group["district__name_zh"] or "",
                "status": str(statuses.get(group["status"], group["status"])),
                "complaints": group["n"],
                "answered": group["answered"],
                "average_days_to_answer": round(sum(spent) / len(spent), 1) if spent else None,
            }
        )
    return rows


def received_in_year(year: int) -> int:
    """Complaints received in ``year``: a key figure of the work plan's yearly evaluation."""
    return Complaint.objects.filter(created_at__year=year).count()


def closed_in_year(year: int) -> int:
    """Complaints closed in ``year``: a key figure of the work plan's yearly evaluation."""
    return Complaint.objects.filter(closed_at__year=year).count()
