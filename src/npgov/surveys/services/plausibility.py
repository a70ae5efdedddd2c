"""Gather what the plausibility checks of science/plausibility.py compare a submission's lines with."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum

from npgov.science.plausibility import Flag, peer_release_factor, release_factor, year_on_year
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.models import Submission, SubmissionLine

COUNTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_REVIEW, SubmissionStatus.ACCEPTED)


def _releases(line: SubmissionLine) -> Decimal:
    return line.release_air_kg + line.release_water_kg + line.release_soil_kg


def submission_flags(submission: Submission) -> dict[int, list[Flag]]:
    """Flags per line pk. Peers are other enterprises of the same industry class in the same campaign,
    counted once each however many lines they report for the substance."""
    lines = list(submission.lines.all())
    substances = {line.substance_id for line in lines}
    previous = (
        SubmissionLine.objects.filter(
            submission__enterprise=submission.enterprise,
            submission__status=SubmissionStatus.ACCEPTED,
            submission__campaign__year__lt=submission.campaign.year,
            substance__in=substances,
        )
        .values("substance", "submission__campaign__year")
        .annotate(total=Sum("quantity_t"))
        .order_by("substance", "-submission__campaign__year")
    )
    last_year: dict[int, Decimal] = {}
    for row in previous:
        last_year.setdefault(row["substance"], row["total"])
    # one release factor per peer enterprise (its lines of the substance summed), so that the median is
    # over enterprises and the three-peer threshold protects each peer's figures as the inventory does
    peer_rows = (
        SubmissionLine.objects.filter(
            submission__campaign=submission.campaign,
            submission__status__in=COUNTED,
            submission__enterprise__industry=submission.enterprise.industry_id,
            substance__in=substances,
        )
        .exclude(submission__enterprise=submission.enterprise)
        .values("substance", "submission__enterprise")
        .annotate(
            quantity=Sum("quantity_t"),
            released=Sum(F("release_air_kg") + F("release_water_kg") + F("release_soil_kg")),
        )
    )
    peers: dict[int, list[Decimal]] = defaultdict(list)
    for row in peer_rows:
        factor = release_factor(Decimal(row["quantity"]), Decimal(row["released"]))
        if factor is not None:
            peers[row["substance"]].append(factor)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.substance_id] += line.quantity_t
    flags: dict[int, list[Flag]] = {}
    for line in lines:
        found = [
            year_on_year(totals[line.substance_id], last_year.get(line.substance_id)),
            peer_release_factor(release_factor(line.quantity_t, _releases(line)), peers[line.substance_id]),
        ]
        flags[line.pk] = [flag for flag in found if flag is not None]
    return flags
