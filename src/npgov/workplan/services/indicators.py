"""Indicator definitions (loaded from data) and records, which feed the plan's KPIs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.models import Department, District, User
from npgov.core.permissions import ensure_visible
from npgov.workplan.models import Indicator, IndicatorRecord, Kpi, KpiValue
from npgov.workplan.services.kpis import check_period_end, kpi_value_record

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators" / "departmental.yaml"


@transaction.atomic
def indicators_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the indicator definitions (idempotent)."""
    data = yaml.safe_load((path or DATA_FILE).read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in data["indicators"]:
        values = {
            "name_zh": item["name_zh"],
            "name_en": item.get("name_en", ""),
            "department_names": item["departments"],
            "fields": item["fields"],
            "kpi_links": item.get("kpis", []),
        }
        indicator = Indicator.objects.filter(key=item["key"]).first()
        if indicator is not None and all(getattr(indicator, k) == v for k, v in values.items()):
            counts["unchanged"] += 1
            continue
        counts["updated" if indicator else "created"] += 1
        indicator = indicator or Indicator(key=item["key"])
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.save()
    return counts


def indicator_values_clean(*, indicator: Indicator, raw: dict[str, Any]) -> dict[str, float]:
    """Check the figures against the definition: numbers, non-negative, integers, upper bounds."""
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    for field in indicator.fields:
        value = raw.get(field["key"])
        if value in (None, ""):
            errors[field["key"]] = _("Required.")
            continue
        number = float(value)
        if number < 0:
            errors[field["key"]] = _("Must not be negative.")
        elif field.get("integer") and not number.is_integer():
            errors[field["key"]] = _("A whole number.")
        elif "at_most_value" in field and number > field["at_most_value"]:
            errors[field["key"]] = _("At most %(limit)s.") % {"limit": field["at_most_value"]}
        values[field["key"]] = int(number) if field.get("integer") else number
    for field in indicator.fields:
        bound = field.get("at_most")
        if bound and field["key"] in values and bound in values and values[field["key"]] > values[bound]:
            names = {f["key"]: f["name_zh"] for f in indicator.fields}
            errors[field["key"]] = _("Cannot exceed %(other)s.") % {"other": names[bound]}
    if errors:
        raise ApplicationError(_("Some figures are not valid."), extra={"fields": errors})
    return values


@transaction.atomic
def indicator_record_save(
    *,
    indicator: Indicator,
    district: District,
    period_end: date,
    raw: dict[str, Any],
    department: Department,
    entered_by: User,
    note: str = "",
) -> IndicatorRecord:
    """Save a department's figures, then recompute the KPIs they feed for that district and period."""
    if not indicator.reported_by(department):
        raise ApplicationError(_("%(department)s does not report this indicator.") % {"department": department})
    check_period_end(period_end)
    values = indicator_values_clean(indicator=indicator, raw=raw)
    record = IndicatorRecord.objects.filter(indicator=indicator, district=district, period_end=period_end).first()
    if record is not None and record.department_id != department.pk:
        # one set of figures per district and period: a second department does not overwrite the first
        raise ApplicationError(
            _("%(department)s already reported these figures for this district and period.")
            % {"department": record.department}
        )
    record = record or IndicatorRecord(indicator=indicator, district=district, period_end=period_end)
    record.values, record.note, record.department, record.entered_by = values, note, department, entered_by
    record.full_clean()
    record.save()
    ensure_visible(entered_by, [record], "change")
    for link in indicator.kpi_links:
        _feed_kpi(link, record, entered_by)
    return record


def _feed_kpi(link: dict[str, str], record: IndicatorRecord, entered_by: User) -> None:
    denominator = record.values.get(link["denominator"])
    if not denominator:
        # no base for a ratio: any value computed earlier from these figures no longer holds
        KpiValue.objects.filter(
            kpi__key=link["kpi"],
            district=record.district,
            period_end=record.period_end,
            note__startswith=_("computed from %(indicator)s") % {"indicator": record.indicator},
        ).delete()
        return
    ratio = round(100 * record.values[link["numerator"]] / denominator, 2)
    city: District | None = record.district
    while city is not None and city.kind != "city":
        city = city.parent
    for kpi in Kpi.objects.filter(key=link["kpi"], plan__city=city):
        kpi_value_record(
            kpi=kpi,
            district=record.district,
            period_end=record.period_end,
            value=ratio,
            entered_by=entered_by,
            note=_("computed from %(indicator)s") % {"indicator": record.indicator},
            computed_at=timezone.now(),
        )
