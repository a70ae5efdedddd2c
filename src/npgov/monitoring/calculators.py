"""KPI calculators the monitoring network provides to the work plan (Dalian task (一), Lianyungang tasks 4–5)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.registry import KeyFigure, KpiCalculator, registry
from npgov.monitoring.choices import SiteKind
from npgov.monitoring.models import Result, Sample, Site

COVERAGE_WINDOW = timedelta(days=365)


def drinking_water_coverage(plan: Any, district: Any, period_end: date) -> float | None:
    """Share (%) of active drinking-water source sites sampled for new pollutants in the year to period end.

    A site counts when at least one result (detected or not) has a sampling time in the 365 days
    ending on ``period_end``. In the district (or anywhere in the plan's city for the city's value);
    None when there is no drinking-water source site there.
    """
    end = timezone.make_aware(datetime.combine(period_end, time.max))
    sites = [
        s for s in Site.objects.filter(kind=SiteKind.DRINKING_WATER, active=True).select_related("district__parent")
        if s.district.is_within(district)
    ]  # fmt: skip
    if not sites:
        return None
    in_window = Result.objects.filter(sampled_at__gt=end - COVERAGE_WINDOW, sampled_at__lte=end)
    covered = in_window.filter(site_id__in=[s.pk for s in sites]).values("site_id").distinct().count()
    return 100 * covered / len(sites)


def _results(year: int) -> int:
    return Result.objects.filter(sampled_at__year=year).count()


def _sites_sampled(year: int) -> int:
    return Sample.objects.filter(sampled_at__year=year).values("site").distinct().count()


def register() -> None:
    """Called once from MonitoringConfig.ready()."""
    registry.add_calculator(
        KpiCalculator(
            "drinking-water-monitoring-coverage",
            _("share of drinking-water sources monitored for new pollutants in the past year"),
            drinking_water_coverage,
        )
    )
    registry.add_figure(
        KeyFigure("monitoring-results", _("Monitoring results of samples taken in the year"), _results, 40)
    )
    registry.add_figure(KeyFigure("monitoring-sites", _("Monitoring sites sampled in the year"), _sites_sampled, 41))
