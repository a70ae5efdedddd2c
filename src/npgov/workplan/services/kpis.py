"""KPI values and their status against the target."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.models import District, User
from npgov.core.permissions import ensure_visible
from npgov.core.registry import registry
from npgov.core.types import ProgressCallback
from npgov.workplan.models import Kpi, KpiValue, Plan

logger = logging.getLogger(__name__)

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
    *,
    kpi: Kpi,
    district: District,
    period_end: date,
    value: float,
    entered_by: User,
    note: str = "",
    computed_at: datetime | None = None,
) -> KpiValue:
    """Record (or correct) a KPI value for a district and period. Writes history; checks the user's scope.

    ``computed_at`` is set when the value is derived from figures (a department's indicator record).
    """
    if value < 0 or (kpi.unit == "%" and value > 100):
        raise ApplicationError(
            _("A percentage is between 0 and 100.") if kpi.unit == "%" else _("The value is negative.")
        )
    check_period_end(period_end)
    if not district.is_within(kpi.plan.city):
        raise ApplicationError(_("%(district)s is not in %(city)s.") % {"district": district, "city": kpi.plan.city})
    record = KpiValue.objects.filter(kpi=kpi, district=district, period_end=period_end).first()
    record = record or KpiValue(kpi=kpi, district=district, period_end=period_end)
    record.value, record.note, record.entered_by, record.computed_at = value, note, entered_by, computed_at
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
    computed_at: datetime | None = None


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
        KpiStatus(v.district, v.value, v.period_end, kpi.attained(v.value), v.computed_at)
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


def current_period_end(today: date) -> date:
    """The period the scheduled recomputation writes: the current month (its value is refreshed until it ends)."""
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def kpis_compute(
    *,
    period_end: date,
    plan: Plan | None = None,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
    calculators: frozenset[str] | None = None,
) -> dict[str, int]:
    """Recompute every KPI that names a calculator, for each district of its city, for one period.

    The calculators see the data up to ``as_of`` (default: the period's end): the current month's value is
    computed as of today and refreshed by each later run. Writes KpiValue rows (history kept when the value
    changes, no user: the platform computed them) and stamps each with ``computed_at``; a district for which
    the calculator has no data gets no value rather than a zero. ``progress(done, total)`` is called per KPI;
    ``calculators`` limits the run to the KPIs computed by those calculators.
    """
    counts = {"computed": 0, "no_data": 0, "unknown_calculator": 0}
    kpis = Kpi.objects.exclude(calculator="").select_related("plan__city").order_by("plan", "key")
    if plan is not None:
        kpis = kpis.filter(plan=plan)
    if calculators is not None:
        kpis = kpis.filter(calculator__in=calculators)
    selected = list(kpis)
    districts: dict[int, list[District]] = {}
    now = timezone.now()
    for done, kpi in enumerate(selected, start=1):
        calculator = registry.calculators.get(kpi.calculator)
        if calculator is None:
            counts["unknown_calculator"] += 1
        else:
            city = kpi.plan.city
            if city.pk not in districts:
                districts[city.pk] = [city, *District.objects.filter(parent=city).order_by("code")]
            for district in districts[city.pk]:
                value = calculator.compute(kpi.plan, district, as_of or period_end)
                if value is None:
                    counts["no_data"] += 1
                    continue
                _computed_value_save(kpi, district, period_end, value, str(calculator.label), now)
                counts["computed"] += 1
        if progress is not None:
            progress(done, len(selected))
    return counts


def kpis_recompute_current(today: date | None = None, calculators: frozenset[str] | None = None) -> dict[str, int]:
    """The scheduled and event-driven recomputation: the computed KPIs, for the current month, as of today."""
    today = today or timezone.localdate()
    return kpis_compute(period_end=current_period_end(today), as_of=today, calculators=calculators)


# The events that change what computed KPIs read, and the calculators concerned (None: all of them; an
# import may load any data). The scheduled run recomputes everything in any case.
RECOMPUTING_EVENTS: dict[str, frozenset[str] | None] = {
    "import_finished": None,
    "submission_accepted": frozenset({"survey-completion"}),
    "finding_closed": frozenset({"findings-closed-on-time"}),
}


def kpis_on_event(*, kind: str, **kwargs: Any) -> None:
    """Receiver of ``core.signals.domain_event``: data that computed KPIs read has changed.

    Runs after the sender's transaction committed; a failing calculator is logged, never fails the
    user's action (the next scheduled run tries again).
    """
    if kind not in RECOMPUTING_EVENTS:
        return
    try:
        counts = kpis_recompute_current(calculators=RECOMPUTING_EVENTS[kind])
    except Exception:
        logger.exception("KPI recomputation after %s failed", kind)
    else:
        logger.info("KPIs recomputed after %s: %s", kind, counts)


@transaction.atomic
def _computed_value_save(
    kpi: Kpi, district: District, period_end: date, value: float, label: str, computed_at: datetime
) -> None:
    value, note = round(value, 2), _("computed: %(how)s") % {"how": label}
    record = KpiValue.objects.filter(kpi=kpi, district=district, period_end=period_end).first()
    if record is not None and record.value == value and record.note == note and record.entered_by_id is None:
        # unchanged: only the time it was last computed moves (no history row for a mere re-run)
        KpiValue.objects.filter(pk=record.pk).update(computed_at=computed_at)
        return
    record = record or KpiValue(kpi=kpi, district=district, period_end=period_end)
    record.value, record.entered_by, record.note, record.computed_at = value, None, note, computed_at
    record.full_clean()
    record.save()
