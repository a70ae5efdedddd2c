"""The impact of a list change (issue 18): who falls under a new or changed entry, and what would open.

Starts from ``regulations.services.diff.list_diff`` (entries added, removed and changed between two revisions).
The entries of the new revision that were added or changed, and the removed ones of the old revision, are
classified against every substance of the enterprises' accepted survey reports (their latest year: what they
do now), with the same classifier the compliance check uses (CAS, parent structure, group rules). Each
enterprise reporting such a substance is affected. For a new or changed entry, the compliance rules
(``science.compliance``) are applied to the enterprise's reported activity as if continued into the year in
which the new measure takes effect: the breaches are the findings that would open on that date, unless the
enterprise stops or moves to an exempted use. A removed entry's obligations lapse.

Product samples and trade records are not read here yet: their findings are opened when they are recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from npgov.enterprises.models import Enterprise
from npgov.enterprises.selectors import enterprise_list
from npgov.regulations.models import ListEntry
from npgov.regulations.selectors import control_measure_list
from npgov.regulations.services.classification import classifier_for, classify_substance
from npgov.regulations.services.diff import ListDiff
from npgov.science import compliance as rules
from npgov.science import listdiff
from npgov.substances.models import Substance
from npgov.substances.selectors import substance_list
from npgov.surveys.selectors import accepted_lines


@dataclass(frozen=True)
class WouldOpen:
    """A finding the changed entry would open: the rule, its severity and from when."""

    entry_item: str
    measure_kind: str
    rule: str
    severity: str
    on: date  # the date the measure takes effect (today when it already is)


@dataclass
class AffectedLine:
    substance: Substance
    activity: str
    year: int  # the survey year the activity was reported for
    quantity_t: float | None
    entry_item: str
    entry_name: str
    change: str  # listdiff.ADDED / CHANGED / REMOVED
    would_open: list[WouldOpen] = field(default_factory=list)


@dataclass
class AffectedEnterprise:
    enterprise: Enterprise
    lines: list[AffectedLine] = field(default_factory=list)

    @property
    def would_open(self) -> list[WouldOpen]:
        return [w for line in self.lines for w in line.would_open]

    @property
    def first_date(self) -> date | None:
        dates = [w.on for w in self.would_open]
        return min(dates) if dates else None


@dataclass
class ListImpact:
    diff: ListDiff
    enterprises: list[AffectedEnterprise]

    @property
    def findings(self) -> int:
        return sum(len(e.would_open) for e in self.enterprises)


def _measures(entry_ids: list[int]) -> dict[int, list[rules.Measure]]:
    found: dict[int, list[rules.Measure]] = defaultdict(list)
    for measure in control_measure_list().filter(entry_id__in=entry_ids):
        exemptions = tuple(
            rules.Exemption(use=e.get("use_zh", ""), until=date.fromisoformat(e["until"]) if e.get("until") else None)
            for e in measure.exempt_uses or ()
            if isinstance(e, dict)
        )
        found[measure.entry_id].append(rules.Measure(
            key=measure.pk, kind=measure.kind, activities=tuple(measure.activities or ()), effective=measure.effective,
            until=measure.until, exemptions=exemptions,
        ))  # fmt: skip
    return found


def _latest_accepted() -> dict[int, list[tuple[int, int, str, int, str, float | None]]]:
    """substance id → (enterprise id, line id, activity, year, exempted use, quantity) of the latest accepted
    report of each enterprise."""
    rows = accepted_lines().order_by("submission__enterprise_id", "-submission__campaign__year", "pk").values_list(
        "submission__enterprise_id", "pk", "substance_id", "activity", "submission__campaign__year",
        "details__exempted_use", "quantity_t",
    )  # fmt: skip
    latest_year: dict[int, int] = {}
    by_substance: dict[int, list[tuple[int, int, str, int, str, float | None]]] = defaultdict(list)
    for enterprise_id, line_id, substance_id, activity, year, exempted, quantity in rows:
        if latest_year.setdefault(enterprise_id, year) != year:
            continue
        quantity_t = float(quantity) if quantity is not None else None
        by_substance[substance_id].append((enterprise_id, line_id, activity, year, str(exempted or ""), quantity_t))
    return by_substance


def list_change_impact(diff: ListDiff, *, today: date | None = None) -> ListImpact:
    """The enterprises affected by ``diff`` and the findings its new or changed measures would open."""
    today = today or timezone.localdate()
    changes = {}  # entry pk → (change, its revision's entry facts)
    for change in diff.changes:
        if change.status == listdiff.REMOVED:
            changes[change.old.key] = change  # type: ignore[union-attr]
        elif change.scope_changed or change.measures:
            changes[change.new.key] = change  # type: ignore[union-attr]
    if not changes:
        return ListImpact(diff, [])
    index = classifier_for(ListEntry.objects.filter(pk__in=list(changes)))
    previous = {key: c.old.key for key, c in changes.items() if c.status == listdiff.CHANGED}  # type: ignore[union-attr]
    measures = _measures([*changes, *previous.values()])
    reported = _latest_accepted()
    substances = {s.pk: s for s in substance_list(ids=list(reported))}
    affected: dict[int, AffectedEnterprise] = {}
    enterprises = {e.pk: e for e in enterprise_list(ids=list({r[0] for rows in reported.values() for r in rows}))}
    for substance_id, rows in reported.items():
        substance = substances.get(substance_id)
        if substance is None:
            continue
        for match in classify_substance(substance, index=index):
            change = changes[match.entry.pk]
            for enterprise_id, _line_id, activity, year, exempted, quantity in rows:
                line = AffectedLine(substance=substance, activity=activity, year=year, quantity_t=quantity,
                                    entry_item=change.item, entry_name=change.name, change=change.status)  # fmt: skip
                if change.status != listdiff.REMOVED:
                    before = measures[previous[match.entry.pk]] if match.entry.pk in previous else []
                    line.would_open = _would_open(change, measures[match.entry.pk], before, activity, exempted, today)
                affected.setdefault(enterprise_id, AffectedEnterprise(enterprises[enterprise_id])).lines.append(line)
    ordered = sorted(affected.values(), key=lambda a: (a.enterprise.district_id or 0, a.enterprise.name))
    return ListImpact(diff, ordered)


def _would_open(
    change: listdiff.EntryChange,
    measures: list[rules.Measure],
    before: list[rules.Measure],
    activity: str,
    exempted: str,
    today: date,
) -> list[WouldOpen]:
    """The breaches of the reported activity, continued into the year each new measure takes effect (this year
    when it already has), that the same activity did not have under the entry's previous revision (``before``;
    empty for a new entry)."""
    found = []
    for measure in measures:
        on = max(measure.effective or today, today)
        line = rules.Activity(activity=activity, period_start=date(on.year, 1, 1), period_end=date(on.year, 12, 31),
                              exempted_use=exempted)  # fmt: skip
        already = {(b.rule, m.kind) for m in before if m.kind == measure.kind for b in rules.evaluate(line, [m])}
        for breach in rules.evaluate(line, [measure]):
            if (breach.rule, measure.kind) not in already:
                found.append(WouldOpen(change.item, measure.kind, breach.rule, breach.severity, on))
    return found


def impact_as_json(impact: ListImpact) -> dict[str, Any]:
    """The affected enterprises and the findings that would open, JSON-ready (the command and the export)."""
    return {
        "enterprises": [
            {
                "uscc": a.enterprise.uscc, "name": a.enterprise.name,
                "district": a.enterprise.district.code if a.enterprise.district_id else None,
                "lines": [
                    {"cas": line.substance.cas, "substance": line.substance.name_zh, "activity": line.activity,
                     "year": line.year, "entry": line.entry_item, "change": line.change,
                     "would_open": [{"rule": w.rule, "severity": w.severity, "measure": w.measure_kind,
                                     "on": w.on.isoformat()} for w in line.would_open]}
                    for line in a.lines
                ],
            }
            for a in impact.enterprises
        ],
        "findings": impact.findings,
    }  # fmt: skip


def diff_impact_json(diff: ListDiff) -> dict[str, Any]:
    """``registry.list_change_impact``: what ``npgov regulations diff`` prints under "impact"."""
    return impact_as_json(list_change_impact(diff))
