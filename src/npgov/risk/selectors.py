"""Three-highs screening (三高筛查): high concern, high volume, high detection — each flag with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

CONCERN_LISTS = ("CN-KCNP-2023", "CN-PCC-1", "CN-PCC-2", "POPS", "CN-SRTC")


@dataclass
class ScreeningRow:
    substance: Any
    concern: list[str] = field(default_factory=list)  # list entries that make it of high concern
    hazard: list[str] = field(default_factory=list)  # hazard flags (PBT, vPvB, CMR/STOT RE, ED) with their basis
    volume_t: Decimal | None = None
    volume_enterprises: int = 0
    volume_year: int | None = None
    detection_frequency: float | None = None
    results: int = 0
    sites: int = 0
    high_volume: bool = False
    high_detection: bool = False

    @property
    def high_concern(self) -> bool:
        return bool(self.concern or self.hazard)

    @property
    def flags(self) -> int:
        return int(self.high_concern) + int(self.high_volume) + int(self.high_detection)


def three_highs(*, volume_threshold_t: float, detection_threshold: float, matrix: str = "water") -> list[ScreeningRow]:
    """Every substance with survey, monitoring or list data, flagged on the three criteria with the evidence.

    High concern: on the key controlled, priority control, POPs or strictly restricted lists (classification:
    CAS, salts by parent structure, group rules), or a hazard flag from its reliable hazard data (PBT, vPvB,
    CMR/STOT RE classification, endocrine disruptor; see ``risk.hazard_data.hazard_flags``). High volume:
    accepted survey quantities of the latest year summed over enterprises ≥ ``volume_threshold_t`` t/a. High
    detection: detects / results over all sites in ``matrix`` ≥ ``detection_threshold``.
    """
    from npgov.monitoring.models import Result
    from npgov.regulations.services.classification import classify_substance
    from npgov.substances.models import Substance
    from npgov.surveys.models import SubmissionLine

    rows: dict[int, ScreeningRow] = {}

    def row(substance: Any) -> ScreeningRow:
        return rows.setdefault(substance.pk, ScreeningRow(substance=substance))

    accepted = SubmissionLine.objects.filter(submission__status="accepted")
    year = accepted.order_by("-submission__campaign__year").values_list("submission__campaign__year", flat=True).first()
    if year is not None:
        volumes = (
            accepted.filter(submission__campaign__year=year)
            .values("substance")
            .annotate(total=Sum("quantity_t"), enterprises=Count("submission__enterprise", distinct=True))
        )
        substances = Substance.objects.in_bulk([v["substance"] for v in volumes])
        for v in volumes:
            entry = row(substances[v["substance"]])
            entry.volume_t, entry.volume_enterprises, entry.volume_year = v["total"], v["enterprises"], year
            entry.high_volume = v["total"] >= Decimal(str(volume_threshold_t))
    detections = (
        Result.objects.filter(matrix=matrix, value__isnull=False)
        .values("substance")
        .annotate(
            n=Count("id"), detected=Count("id", filter=Q(qualifier="detected")), sites=Count("site", distinct=True)
        )
    )
    substances = Substance.objects.in_bulk([d["substance"] for d in detections])
    for d in detections:
        entry = row(substances[d["substance"]])
        entry.results, entry.sites = d["n"], d["sites"]
        entry.detection_frequency = d["detected"] / d["n"] if d["n"] else None
        entry.high_detection = (
            entry.detection_frequency is not None and entry.detection_frequency >= detection_threshold
        )
    from npgov.risk.hazard_data import hazard_flags_by_substance

    for substance, flags in hazard_flags_by_substance().values():
        row(substance).hazard = flags
    listed = Substance.objects.filter(list_memberships__entry__regulatory_list__is_current=True).distinct()
    for substance in list(listed) + [r.substance for r in list(rows.values())]:
        entry = row(substance)
        if entry.concern:
            continue
        entry.concern = sorted({
            f"{m.entry.regulatory_list.code} {m.entry.item}" for m in classify_substance(substance)
            if m.entry.regulatory_list.code in CONCERN_LISTS
        })  # fmt: skip
    return sorted(rows.values(), key=lambda r: (-r.flags, -(r.detection_frequency or 0), r.substance.name_zh))
