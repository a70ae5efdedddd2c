"""Public reads of inspections (双随机、一公开): published draws with their results, and published cases.

What the public portal and the open data show of enforcement, and nothing more: a draw only once
published, a case only once published, never the inspectors' observations, checklists, attachments
or a case's facts as investigated.

When a draw's selection becomes public (issue #16): "one public" (一公开) makes the *results* public,
after the inspections; the enterprises drawn and their inspectors must not be known beforehand, or the
random, unannounced inspection is lost. A published draw therefore shows its announcement at once (title,
date drawn, number of enterprises, the population's filters and size, the pool's size, the due date), and
its selection (enterprises, inspectors, outcomes) together with the random seed — which recomputes the
whole selection — only once its results are due: when every inspection of the draw has been recorded, or
when its due date has passed (:func:`draw_results_public`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionRecord, InspectionTask


def public_results_due(prefix: str = "", today: date | None = None) -> Q:
    """Draws (reached through ``prefix``) whose results are public: all inspected, or past the due date."""
    today = today or timezone.localdate()
    pending = InspectionTask.objects.filter(draw=OuterRef(f"{prefix}pk"), status=InspectionTask.Status.ASSIGNED)
    return Q(**{f"{prefix}due_date__lt": today}) | Q(~Exists(pending))


def draws_with_public_results(
    queryset: QuerySet[InspectionDraw], today: date | None = None
) -> QuerySet[InspectionDraw]:
    """``queryset`` annotated with ``results_public`` (see the module docstring)."""
    return queryset.annotate(
        results_public=ExpressionWrapper(public_results_due(today=today), output_field=BooleanField())
    )


def draw_results_public(draw: InspectionDraw, today: date | None = None) -> bool:
    """Whether the public may see the draw's selection and seed: published, and all inspected or past due."""
    if not draw.published:
        return False
    annotated = getattr(draw, "results_public", None)
    if annotated is not None and today is None:
        return bool(annotated)
    return InspectionDraw.objects.filter(pk=draw.pk).filter(public_results_due(today=today)).exists()


def public_draws() -> QuerySet[InspectionDraw]:
    """Published draws, latest first, each with ``results_public``."""
    return draws_with_public_results(InspectionDraw.objects.filter(published=True)).order_by("-created_at", "-pk")


def public_draw_get(*, pk: int) -> InspectionDraw | None:
    """A published draw, or None (unpublished draws do not exist for the public)."""
    return public_draws().filter(pk=pk).first()


def public_draw_tasks(*, draw: InspectionDraw) -> QuerySet[InspectionTask]:
    """The enterprises a published draw selected, with their inspectors and outcomes — once its results are public."""
    if not draw_results_public(draw):
        return InspectionTask.objects.none()
    return (
        InspectionTask.objects.filter(draw=draw, draw__published=True)
        .select_related("enterprise__district", "record")
        .prefetch_related("inspectors")
        .order_by("enterprise__name", "pk")
    )


def public_cases() -> QuerySet[Case]:
    """Published cases, latest decision first."""
    return (
        Case.objects.filter(published=True)
        .select_related("enterprise__district")
        .order_by("-decided_on", "-opened_on", "number")
    )


def public_counts() -> dict[str, int]:
    """How many draws and cases the public can read (two queries)."""
    return {"draws": public_draws().count(), "cases": public_cases().count()}


def public_draw_result_rows() -> Iterator[dict[str, Any]]:
    """One row per enterprise selected by a published draw whose results are public (the open dataset)."""
    tasks = (
        InspectionTask.objects.filter(draw__published=True)
        .filter(public_results_due(prefix="draw__"))
        .select_related("draw", "enterprise__district", "record")
        .order_by("-draw__created_at", "draw_id", "enterprise__name", "pk")
    )
    for task in tasks.iterator(chunk_size=2000):
        draw = task.draw
        assert draw is not None  # filtered on the draw
        record = getattr(task, "record", None)
        yield {
            "draw": draw.title,
            "drawn_on": timezone.localdate(draw.created_at).isoformat(),
            "seed": draw.seed,
            "enterprise": task.enterprise.name,
            "district": str(task.enterprise.district),
            "due_date": task.due_date.isoformat(),
            "status": str(task.get_status_display()),
            "outcome": str(record.get_outcome_display()) if record is not None else "",
        }


def public_case_rows() -> Iterator[dict[str, Any]]:
    """One row per published case (the open dataset of decided cases)."""
    for case in public_cases().iterator(chunk_size=2000):
        yield {
            "number": case.number,
            "enterprise": case.enterprise.name,
            "district": str(case.enterprise.district),
            "decision": case.decision,
            "penalty_yuan": float(case.penalty_yuan) if case.penalty_yuan is not None else None,
            "decided_on": case.decided_on.isoformat() if case.decided_on else "",
            "status": str(case.get_status_display()),
        }


def inspection_statistics(*, year: int) -> dict[str, object]:
    """The year's inspections and cases, for the work plan's yearly evaluation: inspections recorded (and those
    finding problems), cases opened, penalty decisions and their total (yuan, a string with two decimals).

    ``last_id`` / ``last_change`` identify the records and cases read, for a frozen evaluation's comparison.
    """
    records = InspectionRecord.objects.filter(inspected_on__year=year)
    cases = Case.objects.filter(opened_on__year=year)
    penalties = Case.objects.filter(decided_on__year=year, penalty_yuan__isnull=False).aggregate(
        n=Count("pk"), total=Sum("penalty_yuan")
    )
    seen = [
        records.aggregate(last=Max("pk"), change=Max("updated_at")),
        Case.objects.aggregate(last=Max("pk"), change=Max("updated_at")),
    ]
    return {
        "inspections": records.count(),
        "inspections_with_problems": records.filter(outcome=InspectionRecord.Outcome.PROBLEMS).count(),
        "cases": cases.count(),
        "penalties": penalties["n"],
        "penalty_yuan": f"{Decimal(penalties['total'] or 0):.2f}",
        "last_id": [s["last"] for s in seen],
        "last_change": [s["change"].isoformat() if s["change"] else None for s in seen],
    }
