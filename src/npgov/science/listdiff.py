"""What changed between two revisions of a regulatory list: entries added, removed and changed, and their control
measures added, removed and changed (issue 18, list-change impact).

Pure data in, pure data out: the regulations app turns two stored revisions into :class:`EntryFacts` and the
pages, exports and the ``npgov regulations diff`` command show the :class:`EntryChange` list.

Entries are matched by their item number; an entry whose number changed but whose Chinese name did not is the
same entry renumbered (a change of ``item``), not a removal and an addition. Measures of matched entries are
matched by kind and clause, then in order among measures of the same kind and clause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class MeasureFacts:
    kind: str
    clause: str = ""
    text: str = ""
    activities: tuple[str, ...] = ()
    exempt_uses: tuple[str, ...] = ()  # each exempted use as stable text (JSON of the stored item)
    effective: date | None = None
    until: date | None = None
    threshold: str = ""  # stable text (JSON) of the stored threshold, "" for none
    key: Any = None  # the caller's handle (the database id); not compared


@dataclass(frozen=True)
class EntryFacts:
    item: str
    name: str
    kind: str = "single"
    members: frozenset[str] = frozenset()  # member CAS RNs
    group_rule: str = ""  # stable text (JSON) of the group rule, "" for none
    measures: tuple[MeasureFacts, ...] = ()
    key: Any = None  # the caller's handle (the database id); not compared


@dataclass(frozen=True)
class FieldChange:
    field: str  # "name", "item", "kind", "group_rule", "text", "activities", "exempt_uses", "effective", "until" …
    old: Any
    new: Any


@dataclass(frozen=True)
class MeasureChange:
    status: str  # ADDED, REMOVED or CHANGED
    old: MeasureFacts | None
    new: MeasureFacts | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def kind(self) -> str:
        return (self.new or self.old).kind  # type: ignore[union-attr]

    @property
    def effective(self) -> date | None:
        """When the change takes effect: the new measure's start (None: at once, or a removal)."""
        return self.new.effective if self.new is not None else None


@dataclass(frozen=True)
class EntryChange:
    status: str  # ADDED, REMOVED or CHANGED
    old: EntryFacts | None
    new: EntryFacts | None
    fields: tuple[FieldChange, ...] = ()
    members_added: frozenset[str] = frozenset()
    members_removed: frozenset[str] = frozenset()
    measures: tuple[MeasureChange, ...] = field(default=())

    @property
    def item(self) -> str:
        return (self.new or self.old).item  # type: ignore[union-attr]

    @property
    def name(self) -> str:
        return (self.new or self.old).name  # type: ignore[union-attr]

    @property
    def scope_changed(self) -> bool:
        """Whether the substances the entry covers may differ (an addition, a removal, members or group rule)."""
        return self.status != CHANGED or bool(
            self.members_added or self.members_removed or any(f.field == "group_rule" for f in self.fields)
        )


_ENTRY_FIELDS = ("item", "name", "kind", "group_rule")
_MEASURE_FIELDS = ("text", "activities", "exempt_uses", "effective", "until", "threshold")


def _fields(old: Any, new: Any, names: Sequence[str]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in names
        if getattr(old, name) != getattr(new, name)
    )


def _pair_measures(old: Sequence[MeasureFacts], new: Sequence[MeasureFacts]) -> list[MeasureChange]:
    by_key: dict[tuple[str, str], list[MeasureFacts]] = defaultdict(list)
    for measure in old:
        by_key[(measure.kind, measure.clause)].append(measure)
    changes: list[MeasureChange] = []
    for measure in new:
        candidates = by_key.get((measure.kind, measure.clause))
        if not candidates:
            changes.append(MeasureChange(ADDED, None, measure))
            continue
        before = candidates.pop(0)
        fields = _fields(before, measure, _MEASURE_FIELDS)
        if fields:
            changes.append(MeasureChange(CHANGED, before, measure, fields))
    changes.extend(MeasureChange(REMOVED, measure, None) for left in by_key.values() for measure in left)
    return changes


def _entry_change(old: EntryFacts, new: EntryFacts) -> EntryChange | None:
    fields = _fields(old, new, _ENTRY_FIELDS)
    measures = tuple(_pair_measures(old.measures, new.measures))
    added, removed = new.members - old.members, old.members - new.members
    if not (fields or measures or added or removed):
        return None
    return EntryChange(CHANGED, old, new, fields, frozenset(added), frozenset(removed), measures)


def diff(old: Iterable[EntryFacts], new: Iterable[EntryFacts]) -> list[EntryChange]:
    """The changes from ``old`` to ``new``, in the new revision's order, removals last (in the old order)."""
    old, new = list(old), list(new)
    old_by_item = {entry.item: entry for entry in old}
    matched: dict[str, EntryFacts] = {}  # new item → the old entry it continues
    unmatched_new = []
    for entry in new:
        if entry.item in old_by_item and old_by_item[entry.item].name == entry.name:
            matched[entry.item] = old_by_item.pop(entry.item)
        else:
            unmatched_new.append(entry)
    old_by_name = {entry.name: entry for entry in old_by_item.values()}
    for entry in list(unmatched_new):  # first every renumbered entry (same name, new number) …
        previous = old_by_name.pop(entry.name, None)
        if previous is not None:
            old_by_item.pop(previous.item, None)
            matched[entry.item] = previous
            unmatched_new.remove(entry)
    for entry in list(unmatched_new):  # … then entries that kept their number under a new name
        previous = old_by_item.pop(entry.item, None)
        if previous is not None:
            old_by_name.pop(previous.name, None)
            matched[entry.item] = previous
            unmatched_new.remove(entry)
    changes: list[EntryChange] = []
    for entry in new:
        if entry.item in matched:
            change = _entry_change(matched[entry.item], entry)
            if change is not None:
                changes.append(change)
        else:
            measures = tuple(MeasureChange(ADDED, None, m) for m in entry.measures)
            changes.append(EntryChange(ADDED, None, entry, (), entry.members, frozenset(), measures))
    kept = {id(previous) for previous in matched.values()}
    for entry in old:
        if id(entry) not in kept:
            measures = tuple(MeasureChange(REMOVED, m, None) for m in entry.measures)
            changes.append(EntryChange(REMOVED, entry, None, (), frozenset(), entry.members, measures))
    return changes
