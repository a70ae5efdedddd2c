"""KPI calculators of the work plan itself: measures of how the coordination mechanism performs."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.models import District
from npgov.core.registry import KpiCalculator, registry
from npgov.workplan.models import Plan, ProgressReport


def progress_answers_on_time(plan: Plan, district: District, period_end: date) -> float | None:
    """Share (%) of the progress answers due on or before the period's end that were given on time.

    For the city: every answer of the plan; for a district: that district's own answers.
    """
    reports = ProgressReport.objects.filter(task__plan=plan, request__due_date__lte=period_end).select_related(
        "request"
    )
    if district.pk != plan.city_id:
        reports = reports.filter(district=district)
    # An answer not given yet whose due date is the period's last day may still come in time.
    due = [r for r in reports if r.submitted_at is not None or r.request.due_date < period_end]
    if not due:
        return None
    on_time = sum(1 for r in due if r.submitted_at and timezone.localdate(r.submitted_at) <= r.request.due_date)
    return 100 * on_time / len(due)


def register() -> None:
    """Called once from WorkplanConfig.ready()."""
    registry.add_calculator(
        KpiCalculator(
            "progress-answers-on-time", _("share of progress answers given on time"), progress_answers_on_time
        )
    )
