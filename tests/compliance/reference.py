"""The compliance check as it was before it became incremental (one pass, one transaction), kept as the
reference the incremental check must agree with: same findings, same statuses, same counts."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus, Severity
from npgov.compliance.models import Finding
from npgov.compliance.services import (
    SURVEY_KEY,
    department_for,
    explain,
    finding_open,
    finding_reopen,
    finding_resolve,
)
from npgov.regulations.services.classification import classify_substance
from npgov.science import compliance as rules
from npgov.surveys.selectors import accepted_lines


def _measures_of(substance, cache):  # type: ignore[no-untyped-def]
    if substance.pk not in cache:
        found = []
        for match in classify_substance(substance):
            for measure in match.entry.measures.all():
                exemptions = tuple(
                    rules.Exemption(use=e.get("use_zh", ""), until=_day(e.get("until"))) for e in measure.exempt_uses
                )
                found.append((measure, rules.Measure(
                    key=measure.pk, kind=measure.kind, activities=tuple(measure.activities or ()),
                    effective=measure.effective, until=measure.until, exemptions=exemptions,
                )))  # fmt: skip
        cache[substance.pk] = found
    return cache[substance.pk]


def _day(value):  # type: ignore[no-untyped-def]
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def reference_run(today: date) -> dict[str, int]:
    counts = {"opened": 0, "unchanged": 0, "resolved": 0}
    cache: dict = {}
    lines = accepted_lines().select_related("submission__campaign", "submission__enterprise", "substance")
    found_keys: set[str] = set()
    with transaction.atomic():
        existing = {f.key: f for f in Finding.objects.filter(key__startswith=SURVEY_KEY)}
        for line in lines.order_by("pk"):
            campaign, enterprise = line.submission.campaign, line.submission.enterprise
            activity = rules.Activity(
                activity=line.activity, period_start=date(campaign.year, 1, 1), period_end=date(campaign.year, 12, 31),
                exempted_use=str((line.details or {}).get("exempted_use", "") or ""),
                releases_kg=float(line.release_air_kg + line.release_water_kg + line.release_soil_kg),
            )  # fmt: skip
            measures = _measures_of(line.substance, cache)
            by_key = {spec.key: measure for measure, spec in measures}
            for breach in rules.evaluate(activity, [spec for _m, spec in measures]):
                measure = by_key[breach.measure]
                key = f"{SURVEY_KEY}{measure.pk}:{enterprise.pk}:{line.substance_id}:{line.activity}:{campaign.year}"
                found_keys.add(key)
                if key in existing and existing[key].status != FindingStatus.RESOLVED:
                    counts["unchanged"] += 1
                    continue
                if key in existing:
                    finding_reopen(existing[key], today)
                    counts["opened"] += 1
                    continue
                existing[key] = finding_open(
                    key=key, enterprise=enterprise, substance=line.substance, measure=measure, line=line,
                    year=campaign.year, activity=line.activity, rule=breach.rule, severity=Severity(breach.severity),
                    explanation=explain(breach.rule, breach.facts, measure), legal_basis=measure.legal_basis,
                    department=department_for(measure, campaign.city), today=today,
                )  # fmt: skip
                counts["opened"] += 1
        for key, finding in existing.items():
            if key not in found_keys and finding.status in ACTIVE_STATUSES:
                why = _("Resolved on %(day)s: the compliance check no longer finds the cause (report or list changed).")
                finding_resolve(finding=finding, note=why % {"day": today.isoformat()}, reason="compliance run")
                counts["resolved"] += 1
    return counts
