"""KPI calculators compliance provides to the work plan: findings closed on time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.compliance.choices import FindingStatus
from npgov.compliance.models import Finding
from npgov.core.models import District
from npgov.core.registry import KeyFigure, KpiCalculator, registry


def findings_closed_on_time(plan: Any, district: District, period_end: date) -> float | None:
    """Share (%) of findings due in the year to period end that were verified and closed by their due date.

    Findings resolved because their cause disappeared are left out (nothing was to be rectified);
    escalated and still-open ones count as not closed on time. In the district (or the plan's city);
    None when no finding fell due in the window.
    """
    due = Finding.objects.filter(due_date__gt=period_end - timedelta(days=365), due_date__lte=period_end).exclude(
        status=FindingStatus.RESOLVED
    )
    findings = [
        f for f in due.select_related("enterprise__district__parent") if f.enterprise.district.is_within(district)
    ]
    if not findings:
        return None
    on_time = sum(1 for f in findings if f.closed_on_time)
    return 100 * on_time / len(findings)


def _opened(year: int) -> int:
    return Finding.objects.filter(opened_on__year=year).count()


def _closed(year: int) -> int:
    return Finding.objects.filter(closed_at__year=year, status=FindingStatus.CLOSED).count()


def register() -> None:
    """Called from ComplianceConfig.ready()."""
    registry.add_calculator(KpiCalculator("findings-closed-on-time",
                                          _("share of compliance findings closed by their due date"),
                                          findings_closed_on_time))  # fmt: skip
    registry.add_figure(KeyFigure("findings-opened", _("Compliance findings opened in the year"), _opened, 50))
    registry.add_figure(
        KeyFigure("findings-closed", _("Compliance findings verified and closed in the year"), _closed, 51)
    )
