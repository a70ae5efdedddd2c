"""science.listdiff: entries matched by number, then by name; measures by kind and clause."""

from __future__ import annotations

from datetime import date

from npgov.science.listdiff import ADDED, CHANGED, REMOVED, EntryFacts, MeasureFacts, diff

BAN = MeasureFacts(kind="ban_production", clause="1", effective=date(2023, 3, 1))


def entry(item: str, name: str, *members: str, measures: tuple[MeasureFacts, ...] = (BAN,)) -> EntryFacts:
    return EntryFacts(item=item, name=name, members=frozenset(members), measures=measures)


def test_unchanged_lists_have_no_changes() -> None:
    old = [entry("1", "甲", "1-1-1"), entry("2", "乙", "2-2-2")]
    assert diff(old, list(old)) == []


def test_a_renumbered_entry_is_a_change_of_item_not_a_removal_and_an_addition() -> None:
    changes = diff([entry("1", "甲"), entry("2", "乙")], [entry("1", "丙"), entry("2", "甲"), entry("3", "乙")])
    assert [(c.status, c.item, [(f.field, f.old, f.new) for f in c.fields]) for c in changes] == [
        (ADDED, "1", []),
        (CHANGED, "2", [("item", "1", "2")]),
        (CHANGED, "3", [("item", "2", "3")]),
    ]


def test_a_renamed_entry_keeping_its_number_is_a_change_of_name() -> None:
    [change] = diff([entry("4", "旧名", "1-1-1")], [entry("4", "新名", "1-1-1")])
    assert (change.status, change.fields[0].field, change.scope_changed) == (CHANGED, "name", False)


def test_members_and_measures_added_removed_and_changed() -> None:
    later = MeasureFacts(kind="ban_production", clause="1", effective=date(2027, 1, 1))
    audit = MeasureFacts(kind="cleaner_production_audit", clause="3")
    old = [entry("1", "甲", "1-1-1", "2-2-2", measures=(BAN, audit)), entry("2", "乙")]
    [change, removed] = diff(old, [entry("1", "甲", "1-1-1", "3-3-3", measures=(later,))])
    assert (change.status, change.members_added, change.members_removed) == (CHANGED, {"3-3-3"}, {"2-2-2"})
    assert change.scope_changed
    assert [(m.status, m.kind, [f.field for f in m.fields], m.effective) for m in change.measures] == [
        (CHANGED, "ban_production", ["effective"], date(2027, 1, 1)),
        (REMOVED, "cleaner_production_audit", [], None),
    ]
    assert (removed.status, removed.item, removed.members_removed) == (REMOVED, "2", frozenset())
