"""KPI values and their status against the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.models import District, User
from npgov.core.permissions import ensure_visible
from npgov.core.registry import registry
from npgov.workplan.models import Kpi, KpiValue, Plan

# Values are for periods that have ended, or end within the month; a typo such as 9999-12-31 would
# otherwise become every report's "latest" value.
PERIOD_MARGIN_DAYS = 31
EARLIEST_PERIOD = date(2000, 1, 1)


def check_period_end(period_end: date) -> None:
    latest = timezone.localdate() + timedelta(days=PERIOD_MARGIN_DAYS)
    if not EARLIEST_PERIOD <= period_end <= latest:
        raise ApplicationError(
            _("The period must end between %(first)s and %(last)s.")
            % {"first": EARLIEST_PERIOD.isoformat(), "last": latest.isoformat()}
        )


@transaction.atomic
def kpi_value_record(
    *, kpi: Kpi, district: District, period_end: date, value: float, entered_by: User, note: str = ""
) -> KpiValue:
    """Record (or correct) a KPI value for a district and period. Writes history; checks the user's scope."""
    if value < 0 or (kpi.unit == "%" and value > 100):
        raise ApplicationError(
            _("A percentage is between 0 and 100.") if kpi.unit == "%" else _("The value is negative.")
        )
    check_period_end(period_end)
    if not district.is_within(kpi.plan.city):
        raise ApplicationError(_("%(district)s is not in %(city)s.") % {"district": district, "city": kpi.plan.city})
    record = KpiValue.objects.filter(kpi=kpi, district=district, period_end=period_end).first()
    record = record or KpiValue(kpi=kpi, district=district, period_end=period_end)
    record.value, record.note, record.entered_by = value, note, entered_by
    record.full_clean()
    record.save()
    ensure_visible(entered_by, [record], "change")
    return record


@dataclass(frozen=True)
class KpiStatus:
    district: District
    value: float | None
    period_end: date | None
    attained: bool | None


def kpi_status(*, kpi: Kpi, values: QuerySet[KpiValue] | None = None, year: int | None = None) -> list[KpiStatus]:
    """The latest value of each district that reported (up to the given year), and whether it meets the target.

    ``values`` is the queryset the viewer may see (``KpiValue.objects.restrict(user, "view")``);
    the city's own row is not a district and is left out.
    """
    rows = (values if values is not None else kpi.values.all()).filter(kpi=kpi).exclude(district=kpi.plan.city_id)
    if year is not None:
        rows = rows.filter(period_end__year__lte=year)
    latest: dict[int, KpiValue] = {}
    for value in rows.select_related("district").order_by("period_end"):
        latest[value.district_id] = value
    return [
        KpiStatus(v.district, v.value, v.period_end, kpi.attained(v.value))
        for v in sorted(latest.values(), key=lambda v: v.district.code)
    ]


def kpi_series(*, kpi: Kpi, values: QuerySet[KpiValue] | None = None) -> dict[str, Any]:
    """Values by period for each district (and the city), for a trend chart (ECharts option data)."""
    rows = list((values if values is not None else kpi.values.all()).filter(kpi=kpi).select_related("district"))
    periods = sorted({v.period_end for v in rows})
    series: dict[str, dict[date, float]] = {}
    for v in rows:
        series.setdefault(v.district.name_zh, {})[v.period_end] = v.value
    return {
        "periods": [p.isoformat() for p in periods],
        "series": [{"name": name, "data": [vals.get(p) for p in periods]} for name, vals in sorted(series.items())],
        "target": kpi.target,
    }


def kpis_compute(*, period_end: date, plan: Plan | None = None) -> dict[str, int]:
    """Recompute every KPI that names a calculator, for each district of its city, for one period.

    Writes KpiValue rows (history kept, no user: the platform computed them); a district for which
    the calculator has no data gets no value rather than a zero.
    """
    counts = {"computed": 0, "no_data": 0, "unknown_calculator": 0}
    kpis = Kpi.objects.exclude(calculator="").select_related("plan__city")
    for kpi in kpis.filter(plan=plan) if plan else kpis:
        calculator = registry.calculators.get(kpi.calculator)
        if calculator is None:
            counts["unknown_calculator"] += 1
            continue
        for district in [kpi.plan.city, *District.objects.filter(parent=kpi.plan.city)]:
            value = calculator.compute(kpi.plan, district, period_end)
            if value is None:
                counts["no_data"] += 1
                continue
            _computed_value_save(kpi, district, period_end, value, str(calculator.label))
            counts["computed"] += 1
    return counts


@transaction.atomic
def _computed_value_save(kpi: Kpi, district: District, period_end: date, value: float, label: str) -> None:
    record = KpiValue.objects.filter(kpi=kpi, district=district, period_end=period_end).first()
    record = record or KpiValue(kpi=kpi, district=district, period_end=period_end)
    record.value, record.entered_by = round(value, 2), None
    record.note = _("computed: %(how)s") % {"how": label}
    record.full_clean()
    record.save()
