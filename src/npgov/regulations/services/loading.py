"""Loading regulatory list files (regulations/data/*.yaml) into versioned lists.

A file whose content is unchanged since the current revision is skipped; a changed file becomes a
new revision and the previous one stops being current. Nothing is edited in place, so every
finding or report can say which revision of a list it used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import connection, transaction
from django.db.models import Max

from npgov.core.models import User
from npgov.core.signals import emit
from npgov.regulations.models import ControlMeasure, ListEntry, ListMember, RegulatoryList
from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.substances.selectors import substance_ids_by_cas

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LIST_FIELDS = ("kind", "title_zh", "title_en", "issuer_zh", "issuer_en", "document_number", "published", "effective")
ENTRY_KEYS = {
    "item",
    "name_zh",
    "name_en",
    "abbreviation",
    "kind",
    "members",
    "group_rule",
    "measures",
    "verified",
    "source",
    "note",
}
MEASURE_KEYS = {
    "kind",
    "clause",
    "text_zh",
    "text_en",
    "activities",
    "exempt_uses",
    "effective",
    "until",
    "threshold",
    "legal_basis",
    "departments_zh",
    "verified",
    "source",
}


class ListFileError(ValueError):
    """A list file that cannot be loaded; the message names the file and the entry."""


@dataclass(frozen=True)
class LoadOutcome:
    code: str
    revision: int
    status: str  # "created", "new revision", "unchanged"
    entries: int


def list_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or DATA_DIR).glob("*.yaml"))


def _iso(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ; ".join(f"{k}: {v}" for k, v in value.items() if v)
    return str(value)


def group_cas_numbers(group_rule: dict[str, Any] | None, *, verified_only: bool = True) -> list[str]:
    """The CAS RNs a group entry is also known by besides its members: the generic or mixture numbers the list or
    the convention gives (``group_cas``, e.g. PCBs 1336-36-3) and those matching only as themselves (``also_exact``).

    A ``group_cas`` number not yet checked against its source (``verified: false``) is kept out of classification
    decisions unless ``verified_only`` is False (the file check validates every number)."""
    rule = group_rule or {}
    numbers = [
        str(item["cas"])
        for item in rule.get("group_cas") or []
        if item.get("cas") and (item.get("verified") or not verified_only)
    ]
    numbers += [str(cas) for cas in rule.get("also_exact") or []]
    return numbers


def _check_members(path: Path, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        numbers = [str(m["cas"]) for m in entry.get("members") or [] if m.get("cas")]
        for cas in numbers + group_cas_numbers(entry.get("group_rule"), verified_only=False):
            try:
                normalise_cas(cas)
            except IdentifierError as exc:
                raise ListFileError(f"{path.name}: item {entry.get('item')}: bad CAS RN {exc.value}") from exc


@transaction.atomic
def regulatory_list_load(*, path: Path) -> LoadOutcome:
    """Load one list file; writes a RegulatoryList revision with its entries, members and measures."""
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or "list" not in data or "entries" not in data:
        raise ListFileError(f"{path.name}: a list file has a 'list' mapping and an 'entries' sequence")
    meta, entries = data["list"], data["entries"] or []
    _check_members(path, entries)
    return regulatory_list_store(meta=meta, entries=entries, sha256=hashlib.sha256(raw).hexdigest(),
                                 origin=f"loaded from {path.name}")  # fmt: skip


@transaction.atomic
def regulatory_list_store(*, meta: dict[str, Any], entries: list[dict[str, Any]], sha256: str, origin: str,
                          user: User | None = None) -> LoadOutcome:  # fmt: skip
    """Write a list revision from its metadata and entries (the list-file layout), unless the content is unchanged.

    The one writer of lists: list files and published local priority lists both go through it, so a new
    revision supersedes the current one the same way whatever its origin.
    """
    if connection.vendor == "postgresql":
        # one writer per list code: two publications at once would both take the same next revision
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"npgov.list.{meta['code']}"])
    current = RegulatoryList.objects.filter(code=meta["code"], is_current=True).first()
    if current is not None and current.content_sha256 == sha256:
        return LoadOutcome(current.code, current.revision, "unchanged", current.entries.count())
    revision = (RegulatoryList.objects.filter(code=meta["code"]).aggregate(m=Max("revision"))["m"] or 0) + 1
    if current is not None:
        current.is_current = False
        current._change_reason = f"superseded by revision {revision}"
        current._history_user = user
        current.save(update_fields=["is_current", "updated_at"])
    source = meta.get("source") or {}
    regulatory_list = RegulatoryList(
        code=meta["code"],
        revision=revision,
        is_current=True,
        version=str(meta.get("version", "")),
        source_title=_text(source.get("title")),
        source_url=source.get("url", "") or "",
        source_note=_text(source.get("note")),
        verified=bool(meta.get("verified", True)),
        content_sha256=sha256,
        **{
            name: (_iso(meta.get(name)) if name in ("published", "effective") else meta.get(name) or "")
            for name in LIST_FIELDS
        },
    )
    regulatory_list.full_clean()
    regulatory_list._change_reason = origin
    regulatory_list._history_user = user
    regulatory_list.save()
    _create_entries(regulatory_list, entries)
    # higher apps react (compliance works out who is affected and tells them) once the revision is committed
    emit("list_revised", key=f"regulations.list:{regulatory_list.code}:{revision}", title=regulatory_list.title_zh,
         url=regulatory_list.get_absolute_url(), actor=user)  # fmt: skip
    status = "created" if revision == 1 else "new revision"
    return LoadOutcome(regulatory_list.code, revision, status, len(entries))


def _create_entries(regulatory_list: RegulatoryList, entries: list[dict[str, Any]]) -> None:
    substances = substance_ids_by_cas()
    members, measures = [], []
    for position, data in enumerate(entries):
        entry = ListEntry.objects.create(
            regulatory_list=regulatory_list,
            item=str(data["item"]),
            position=position,
            name_zh=data["name_zh"],
            name_en=data.get("name_en", "") or "",
            abbreviation=data.get("abbreviation", "") or "",
            kind=data.get("kind", "single"),
            group_rule=data.get("group_rule") or {},
            note=_text(data.get("note")),
            source=_text(data.get("source")),
            verified=bool(data.get("verified", True)),
            details={k: v for k, v in data.items() if k not in ENTRY_KEYS},
        )
        for member in data.get("members") or []:
            cas = normalise_cas(str(member["cas"])) if member.get("cas") else ""
            members.append(
                ListMember(
                    entry=entry,
                    cas=cas,
                    name_zh=member.get("name_zh", "") or "",
                    name_en=member.get("name_en", "") or "",
                    substance_id=member.get("substance_id") or substances.get(cas),  # published lists give the id
                    source=_text(member.get("source")),
                    verified=bool(member.get("verified", True)),
                )
            )
        for index, measure in enumerate(data.get("measures") or []):
            measures.append(_measure(entry, index, measure, regulatory_list))
    ListMember.objects.bulk_create(members, batch_size=1000)
    ControlMeasure.objects.bulk_create(measures, batch_size=1000)


def _measure(entry: ListEntry, index: int, data: dict[str, Any], regulatory_list: RegulatoryList) -> ControlMeasure:
    extra = {k: v for k, v in data.items() if k not in MEASURE_KEYS}
    threshold = data.get("threshold")
    if extra:
        threshold = (
            {**(threshold or {}), "details": extra} if isinstance(threshold, dict) or threshold is None else threshold
        )
    return ControlMeasure(
        entry=entry,
        position=index,
        kind=data.get("kind", "other"),
        clause=str(data.get("clause", "") or ""),
        text_zh=data.get("text_zh", "") or "",
        text_en=data.get("text_en", "") or "",
        activities=data.get("activities") or [],
        exempt_uses=data.get("exempt_uses") or [],
        effective=_iso(data.get("effective")) or regulatory_list.effective,
        until=_iso(data.get("until")),
        threshold=threshold,
        legal_basis=data.get("legal_basis", "") or "",
        departments=data.get("departments_zh") or [],
        source=_text(data.get("source")),
        verified=bool(data.get("verified", True)),
    )


def regulations_load(*, paths: list[Path] | None = None) -> list[LoadOutcome]:
    """Load every list file (or the given ones); each file in its own transaction."""
    return [regulatory_list_load(path=path) for path in (paths or list_files())]


def members_link_substances() -> int:
    """Link named members to registry substances by CAS RN (after substances were added)."""
    linked = 0
    for cas, pk in substance_ids_by_cas().items():
        linked += ListMember.objects.filter(cas=cas, substance__isnull=True).update(substance_id=pk)
    return linked
