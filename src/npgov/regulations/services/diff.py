"""The difference between two revisions of a regulatory list (``science.listdiff``), read from the database.

The list-change impact (who is affected, which findings would open) is the compliance app's; it starts from
:func:`list_diff`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.regulations.models import ControlMeasure, ListEntry, ListMember, RegulatoryList
from npgov.science import listdiff


@dataclass(frozen=True)
class ListDiff:
    code: str
    old: RegulatoryList | None  # None: the first revision (everything is an addition)
    new: RegulatoryList
    changes: list[listdiff.EntryChange]
    list_fields: tuple[listdiff.FieldChange, ...]  # the list's own effective date, version, document number …

    @property
    def counts(self) -> dict[str, int]:
        found = {listdiff.ADDED: 0, listdiff.REMOVED: 0, listdiff.CHANGED: 0}
        for change in self.changes:
            found[change.status] += 1
        return found


def _stable(value: Any) -> str:
    return (
        ""
        if value in (None, "", {}, [])
        else json.dumps(value, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    )


def _exempt_use(use: Any) -> str:
    """An exempted use as the reader knows it: the use and its end date (its source notes are not a change)."""
    if not isinstance(use, dict):
        return str(use)
    until = use.get("until")
    text = str(use.get("use_zh") or use.get("use_en") or "")
    return _("%(use)s (until %(until)s)") % {"use": text, "until": until} if until else text


def _facts(regulatory_list: RegulatoryList) -> list[listdiff.EntryFacts]:
    entries = (
        ListEntry.objects.filter(regulatory_list=regulatory_list)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("members", queryset=ListMember.objects.order_by("pk")),
            Prefetch("measures", queryset=ControlMeasure.objects.order_by("position", "pk")),
        )
    )
    return [
        listdiff.EntryFacts(
            item=entry.item, name=entry.name_zh, kind=entry.kind, key=entry.pk,
            members=frozenset(m.cas for m in entry.members.all() if m.cas),
            group_rule=_stable(entry.group_rule),
            measures=tuple(
                listdiff.MeasureFacts(
                    kind=m.kind, clause=m.clause, text=m.text_zh, activities=tuple(m.activities or ()),
                    exempt_uses=tuple(_exempt_use(use) for use in m.exempt_uses or ()), effective=m.effective,
                    until=m.until, threshold=_stable(m.threshold), key=m.pk,
                )
                for m in entry.measures.all()
            ),
        )
        for entry in entries
    ]  # fmt: skip


LIST_FIELDS = ("effective", "published", "version", "document_number", "title_zh")


def list_revisions(*, code: str) -> list[RegulatoryList]:
    """Every stored revision of the list, oldest first."""
    return list(RegulatoryList.objects.filter(code=code).order_by("revision"))


def regulatory_list_revisions() -> list[tuple[str, str, list[RegulatoryList]]]:
    """Every list code with its title and its revisions (oldest first), by code."""
    by_code: dict[str, list[RegulatoryList]] = {}
    for revision in RegulatoryList.objects.order_by("code", "revision"):
        by_code.setdefault(revision.code, []).append(revision)
    return [(code, revisions[-1].title_zh, revisions) for code, revisions in by_code.items()]


def list_diff(*, code: str, from_revision: int | None = None, to_revision: int | None = None) -> ListDiff:
    """What changed in list ``code`` from one revision to another (default: from the one before the current
    revision to the current one). Raises ApplicationError naming the revisions that exist."""
    revisions = {r.revision: r for r in list_revisions(code=code)}
    if not revisions:
        raise ApplicationError(_("There is no list with the code %(code)s.") % {"code": code})
    current = next((r for r in revisions.values() if r.is_current), revisions[max(revisions)])
    new_number = to_revision if to_revision is not None else current.revision
    old_number = from_revision if from_revision is not None else new_number - 1
    for number in (new_number, old_number):
        if number not in revisions and not (number == 0 and from_revision is None):
            raise ApplicationError(
                _("List %(code)s has no revision %(revision)s (it has %(revisions)s).")
                % {"code": code, "revision": number, "revisions": ", ".join(str(n) for n in sorted(revisions))}
            )
    new, old = revisions[new_number], revisions.get(old_number)
    if old is not None and old.revision >= new.revision:
        raise ApplicationError(_("Compare an earlier revision with a later one."))
    changes = listdiff.diff(_facts(old) if old is not None else [], _facts(new))
    list_fields = (
        tuple(
            listdiff.FieldChange(name, getattr(old, name), getattr(new, name))
            for name in LIST_FIELDS
            if getattr(old, name) != getattr(new, name)
        )
        if old is not None
        else ()
    )
    return ListDiff(code=code, old=old, new=new, changes=changes, list_fields=list_fields)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset, set)):
        return sorted(_plain(v) for v in value) if isinstance(value, (frozenset, set)) else [_plain(v) for v in value]
    return value


def _fields_json(fields: tuple[listdiff.FieldChange, ...]) -> list[dict[str, Any]]:
    return [{"field": f.field, "old": _plain(f.old), "new": _plain(f.new)} for f in fields]


def diff_as_json(found: ListDiff) -> dict[str, Any]:
    """The stable JSON shape of ``npgov regulations diff --json`` (and the page's export)."""
    return {
        "code": found.code,
        "from": found.old.revision if found.old is not None else None,
        "to": found.new.revision,
        "counts": found.counts,
        "list": _fields_json(found.list_fields),
        "entries": [
            {
                "status": change.status, "item": change.item, "name": change.name,
                "fields": _fields_json(change.fields),
                "members_added": _plain(change.members_added), "members_removed": _plain(change.members_removed),
                "measures": [
                    {"status": m.status, "kind": m.kind, "effective": _plain(m.effective),
                     "fields": _fields_json(m.fields)}
                    for m in change.measures
                ],
            }
            for change in found.changes
        ],
    }  # fmt: skip
