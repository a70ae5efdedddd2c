"""The impact of a list change (issue 18): who falls under a new or changed entry, and what would open.

Starts from ``regulations.services.diff.list_diff`` (entries added, removed and changed between two revisions).
The entries of the new revision that were added or changed, and the removed ones of the old revision, are
classified against every substance of the enterprises' accepted survey reports (their latest year: what they
do now) and of the activity records below, with the same classifier the compliance check uses (CAS, parent
structure, group rules). Each enterprise reporting such a substance is affected. For a new or changed entry,
the compliance rules (``science.compliance``) are applied to the enterprise's reported activity as if continued
into the year in which the new measure takes effect: the breaches are the findings that would open on that date,
unless the enterprise stops or moves to an exempted use. A removed entry's obligations lapse.

Besides the survey reports, the activities other apps record are read (``registry.activity_sources``: the
customs checks of registered importers and exporters and the detected substances in registered producers'
products, of this year and the last, from enforcement): an enterprise is affected by those too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from npgov.compliance.choices import Severity, activity_label, rule_label
from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import registry
from npgov.core.signals import emit
from npgov.enterprises.selectors import enterprise_list
from npgov.regulations.choices import MeasureKind
from npgov.regulations.selectors import control_measure_list
from npgov.regulations.services.classification import classifier_for_entries, classify_substance
from npgov.regulations.services.diff import ListDiff
from npgov.science import compliance as rules
from npgov.science import listdiff
from npgov.substances.selectors import substance_list
from npgov.surveys.selectors import accepted_lines

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise
    from npgov.substances.models import Substance

STATUS_LABELS = {
    listdiff.ADDED: pgettext_lazy("list change", "added"),
    listdiff.REMOVED: pgettext_lazy("list change", "removed"),
    listdiff.CHANGED: pgettext_lazy("list change", "changed"),
}


FIELD_LABELS = {
    "item": gettext_lazy("item number"),
    "name": gettext_lazy("name"),
    "kind": pgettext_lazy("list entry", "kind"),
    "group_rule": gettext_lazy("group rule"),
    "text": gettext_lazy("text"),
    "activities": gettext_lazy("activities"),
    "exempt_uses": gettext_lazy("exempted uses"),
    "effective": gettext_lazy("effective from"),
    "until": gettext_lazy("until"),
    "threshold": gettext_lazy("threshold"),
    "published": gettext_lazy("published"),
    "version": gettext_lazy("version"),
    "document_number": gettext_lazy("document number"),
    "title_zh": gettext_lazy("title"),
}


def field_label(code: str) -> str:
    label = FIELD_LABELS.get(code)
    return str(label) if label is not None else _("other detail")


def change_text(field_name: str, value: Any) -> str:
    """A changed value as text: activities by their names, dates as YYYY-MM-DD, lists joined, nothing as "—"."""
    if value in (None, "", (), []):
        return "—"
    if isinstance(value, (tuple, list, set, frozenset)):
        return "；".join(change_text(field_name, v) for v in value)
    if field_name == "activities":
        return activity_label(str(value))
    if field_name == "group_rule":
        return _("a group rule")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


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
    source: str = ""  # what the activity was read from (a survey report, a customs check, a product sample)
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


Reported = tuple[int, str, int, str, float | None, str]  # enterprise, activity, year, exempted use, t/a, source


def _reported() -> dict[int, list[Reported]]:
    """substance id → what enterprises do with it: the lines of each enterprise's latest accepted survey report,
    then the records other apps contribute (``registry.activity_sources``: customs checks, product samples)."""
    by_substance = _latest_accepted()
    for source in registry.activity_sources:
        for record in source():
            by_substance[record.substance_id].append(
                (record.enterprise_id, record.activity, record.year, record.declared_use, None, str(record.source))
            )
    return by_substance


def _latest_accepted() -> dict[int, list[Reported]]:
    """substance id → (enterprise id, activity, year, exempted use, quantity, source) of the latest accepted
    report of each enterprise."""
    rows = accepted_lines().order_by("submission__enterprise_id", "-submission__campaign__year", "pk").values_list(
        "submission__enterprise_id", "pk", "substance_id", "activity", "submission__campaign__year",
        "details__exempted_use", "quantity_t",
    )  # fmt: skip
    latest_year: dict[int, int] = {}
    by_substance: dict[int, list[Reported]] = defaultdict(list)
    survey = _("survey report")
    for enterprise_id, _line_id, substance_id, activity, year, exempted, quantity in rows:
        if latest_year.setdefault(enterprise_id, year) != year:
            continue
        quantity_t = float(quantity) if quantity is not None else None
        by_substance[substance_id].append((enterprise_id, activity, year, str(exempted or ""), quantity_t, survey))
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
    index = classifier_for_entries(entry_ids=list(changes))
    previous = {key: c.old.key for key, c in changes.items() if c.status == listdiff.CHANGED}  # type: ignore[union-attr]
    measures = _measures([*changes, *previous.values()])
    reported = _reported()
    substances = {s.pk: s for s in substance_list(ids=list(reported))}
    affected: dict[int, AffectedEnterprise] = {}
    enterprises = {e.pk: e for e in enterprise_list(ids=list({r[0] for rows in reported.values() for r in rows}))}
    for substance_id, rows in reported.items():
        substance = substances.get(substance_id)
        if substance is None:
            continue
        for match in classify_substance(substance, index=index):
            change = changes[match.entry.pk]
            for enterprise_id, activity, year, exempted, quantity, source in rows:
                if enterprise_id not in enterprises:
                    continue
                line = AffectedLine(substance=substance, activity=activity, year=year, quantity_t=quantity,
                                    entry_item=change.item, entry_name=change.name, change=change.status,
                                    source=source)  # fmt: skip
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
                     "year": line.year, "entry": line.entry_item, "change": line.change, "source": line.source,
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


def list_change_notify(impact: ListImpact, *, actor: User | None = None) -> int:
    """Tell each affected enterprise's users (with the list page and the date a finding would open) and the
    users of its district (with the impact page), once per list revision: sending again tells no one twice.
    Returns how many enterprises were covered."""
    diff = impact.diff
    key = f"regulations.list:{diff.code}:{diff.new.revision}"
    title = _("%(list)s, revision %(revision)s") % {
        "list": diff.new.title_zh or diff.code,
        "revision": diff.new.revision,
    }
    page = reverse("compliance:list_change", args=[diff.code]) + f"?to={diff.new.revision}"
    districts: dict[int, list[str]] = defaultdict(list)
    for affected in impact.enterprises:
        enterprise = affected.enterprise
        substances = sorted({f"{line.substance.name_zh}（{line.entry_item}）" for line in affected.lines})
        note = _("Your reported substances under new or changed entries: %(substances)s.") % {
            "substances": "、".join(substances)
        }
        users = tuple(enterprise.users.filter(is_active=True).values_list("pk", flat=True))
        emit("list_changed", key=key, recipients=users, title=str(title), url=diff.new.get_absolute_url(),
             due=affected.first_date or diff.new.effective, note=note, actor=actor)  # fmt: skip
        if enterprise.district_id:
            districts[enterprise.district_id].append(enterprise.name)
    for district_id, names in districts.items():
        users = tuple(User.objects.filter(role=Role.DISTRICT, district_id=district_id, is_active=True)
                      .values_list("pk", flat=True))  # fmt: skip
        note = _("Affected enterprises in your district: %(names)s.") % {"names": "、".join(sorted(names))}
        emit("list_changed", key=key, recipients=users, title=str(title), url=page, due=diff.new.effective,
             note=note, actor=actor)  # fmt: skip
    return len(impact.enterprises)


def measure_label(kind: str) -> str:
    try:
        return str(MeasureKind(kind).label)
    except ValueError:
        return _("other measure")


def impact_sheets(impact: ListImpact) -> list[tuple[str, list[list[Any]]]]:
    """The Excel export: the changes, then the affected enterprises line by line with the findings that would open."""
    diff = impact.diff
    changes: list[list[Any]] = [[_("change"), _("item"), _("entry"), _("what changed"), _("effective from")]]
    for change in diff.changes:
        what = [
            f"{field_label(f.field)}: {change_text(f.field, f.old)} → {change_text(f.field, f.new)}"
            for f in change.fields
        ]
        if change.status == listdiff.CHANGED:
            what += (
                [_("members added: %(cas)s") % {"cas": "、".join(sorted(change.members_added))}]
                if change.members_added
                else []
            )
            what += (
                [_("members removed: %(cas)s") % {"cas": "、".join(sorted(change.members_removed))}]
                if change.members_removed
                else []
            )
        for measure in change.measures:
            what.append(
                f"{measure.kind} {STATUS_LABELS[measure.status]} "
                + "; ".join(f"{f.field}: {f.old} → {f.new}" for f in measure.fields)
            )
        effective = min((m.effective for m in change.measures if m.effective), default=None)
        changes.append([str(STATUS_LABELS[change.status]), change.item, change.name, "\n".join(what), effective])
    affected: list[list[Any]] = [[_("enterprise"), _("unified social credit code"), _("district"), _("substance"),
                                  _("CAS RN"), _("activity"), _("reporting year"), _("item"), _("change"),
                                  _("findings that would open"), _("from"), _("record")]]  # fmt: skip
    for a in impact.enterprises:
        for line in a.lines:
            opens = "；".join(f"{rule_label(w.rule)} ({Severity(w.severity).label})" for w in line.would_open)
            first = min((w.on for w in line.would_open), default=None)
            affected.append([a.enterprise.name, a.enterprise.uscc, str(a.enterprise.district or ""),
                             line.substance.name_zh, line.substance.cas, activity_label(line.activity), line.year,
                             line.entry_item,
                             str(STATUS_LABELS[line.change]), opens, first, line.source])  # fmt: skip
    return [(str(_("List changes")), changes), (str(_("Affected enterprises")), affected)]
