"""The compliance check over accepted survey data: incremental, in batches, with bounded memory (issue 17).

Each enterprise's inputs — its accepted survey lines (the fields the rules read) and the measures their
substances fall under — are digested; a run evaluates only the enterprises whose digest differs from the
one stored at their last check (``EnterpriseCheck``), or every enterprise with ``full=True``. A changed
list therefore re-checks exactly the enterprises reporting a substance whose measures changed. Which
substance falls under which measures is remembered per substance (``CheckState``) under a stamp of the
lists, measures and substance registry: while the stamp stays, no substance is classified again.

The enterprises to check are evaluated in batches, each in its own short transaction: its lines are read
as plain values, the breaches reconciled with its stored survey findings (new ones bulk-inserted with their
history, gone ones resolved, returning ones reopened), and its digest stored in the same transaction — so an
interrupted run leaves consistent findings and the next run carries on where it stopped.

Product tests and trade checks open and resolve their own findings when they are recorded (enforcement);
this check reads survey lines only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from npgov.compliance.choices import ACTIVE_STATUSES, DUE_DAYS, FindingStatus, Severity
from npgov.compliance.models import CheckState, EnterpriseCheck, Finding
from npgov.compliance.services import SURVEY_KEY, department_for, explain, finding_reopen
from npgov.core.models import Department, District, User
from npgov.core.signals import emit
from npgov.enterprises.selectors import enterprise_list
from npgov.regulations.selectors import control_measure_list, regulatory_list_all
from npgov.regulations.services.classification import classifier_get, classify_substance
from npgov.science import compliance as rules
from npgov.substances.selectors import substance_list, substance_registry_stamp
from npgov.surveys.selectors import accepted_lines

if TYPE_CHECKING:
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance

BATCH = 500  # enterprises per transaction: about 5,000 lines and their findings in memory at a time
STATE = "survey"
STAMP_FORMAT = "1"  # bump when the digests below change meaning: every enterprise is then checked again
EMPTY = hashlib.blake2b(b"", digest_size=16).hexdigest()  # an enterprise without accepted lines
# The fields of a line the rules read, with its enterprise first (the order of ``_Line``).
LINE_FIELDS = ("submission__enterprise_id", "pk", "substance_id", "activity", "submission__campaign__year",
               "submission__campaign__city_id", "details__exempted_use", "release_air_kg", "release_water_kg",
               "release_soil_kg")  # fmt: skip


@dataclass
class RunCounts:
    opened: int = 0
    unchanged: int = 0
    resolved: int = 0
    checked: int = 0  # enterprises evaluated
    skipped: int = 0  # enterprises whose inputs had not changed since their last check

    def as_dict(self) -> dict[str, int]:
        return {"opened": self.opened, "unchanged": self.unchanged, "resolved": self.resolved,
                "checked": self.checked, "skipped": self.skipped}  # fmt: skip


Pairs = list[tuple["ControlMeasure", rules.Measure]]


class MeasureBook:
    """Per substance: the measures of the list entries it falls under (ORM and rule form) and their digest."""

    def __init__(self) -> None:
        self.stamp = lists_stamp()
        state = CheckState.objects.filter(name=STATE).first()
        # digests remembered under the same stamp stay valid: no list, measure or substance changed since
        self.digests: dict[str, str] = dict(state.measures) if state and state.lists_stamp == self.stamp else {}
        self._pairs: dict[int, Pairs] = {}
        self._substances: dict[int, Substance] = {}
        self._measures: dict[int, list[ControlMeasure]] | None = None
        self._index: Any = None

    def forget(self) -> None:
        self.digests = {}

    def digest(self, substance_id: int) -> str:
        if str(substance_id) not in self.digests:
            self.pairs(substance_id)
        return self.digests[str(substance_id)]

    def load(self, substance_ids: Iterable[int]) -> None:
        """Fetch the registry substances not yet known in one query (before classifying many)."""
        wanted = [pk for pk in substance_ids if pk not in self._substances]
        for start in range(0, len(wanted), 1000):
            self._substances.update((s.pk, s) for s in substance_list(ids=wanted[start : start + 1000]))

    def substance(self, substance_id: int) -> Substance:
        if substance_id not in self._substances:
            self.load([substance_id])
        return self._substances[substance_id]

    def pairs(self, substance_id: int) -> Pairs:
        if substance_id not in self._pairs:
            if self._measures is None:  # every measure of the current lists, by entry, in one query
                self._index = classifier_get()
                self._measures = {}
                for measure in control_measure_list().filter(entry__regulatory_list__is_current=True):
                    self._measures.setdefault(measure.entry_id, []).append(measure)
            found: Pairs = []
            for match in classify_substance(self.substance(substance_id), index=self._index):
                for measure in self._measures.get(match.entry.pk, ()):
                    exemptions = tuple(
                        rules.Exemption(use=e.get("use_zh", ""), until=_day(e.get("until")))
                        for e in measure.exempt_uses
                    )
                    found.append((measure, rules.Measure(
                        key=measure.pk, kind=measure.kind, activities=tuple(measure.activities or ()),
                        effective=measure.effective, until=measure.until, exemptions=exemptions,
                    )))  # fmt: skip
            self._pairs[substance_id] = found
            # only what decides breaches (a reworded text leaves the findings as they are, as before)
            self.digests[str(substance_id)] = _hash(repr([spec for _m, spec in found]))
        return self._pairs[substance_id]

    def save(self) -> None:
        """Remember the digests under the stamp, unless the lists changed while the run read them."""
        if lists_stamp() == self.stamp:
            CheckState.objects.update_or_create(name=STATE, defaults={"lists_stamp": self.stamp,
                                                                      "measures": self.digests})  # fmt: skip


def lists_stamp() -> str:
    """Changes whenever a current list, an entry with measures, its named members, a measure or the
    substance registry changes (each an aggregate query over small tables)."""
    lists = regulatory_list_all().aggregate(n=Count("pk"), ids=Sum("pk"), t=Max("updated_at"))
    measures = control_measure_list().filter(entry__regulatory_list__is_current=True).aggregate(
        n=Count("pk", distinct=True), ids=Sum("pk"), t=Max("updated_at"), entries=Max("entry__updated_at"),
        members=Count("entry__members", distinct=True), member_t=Max("entry__members__updated_at"),
    )  # fmt: skip
    stamp = (STAMP_FORMAT, sorted(lists.items()), sorted(measures.items()), substance_registry_stamp())
    return _hash(repr(stamp))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _token(row: tuple[Any, ...], measures_digest: str) -> bytes:
    """What of one line (after its enterprise) the digest covers: every field the rules or the key read."""
    _enterprise, pk, substance, activity, year, city, exempted, air, water, soil = row
    return repr((pk, substance, measures_digest, activity, year, city, str(exempted or ""),
                 float(air + water + soil))).encode()  # fmt: skip


def current_digests(book: MeasureBook) -> dict[int, str]:
    """enterprise id → digest of its inputs now, streaming the accepted lines in enterprise order."""
    substances = list(accepted_lines().order_by().values_list("substance_id", flat=True).distinct())
    book.load(pk for pk in substances if str(pk) not in book.digests)
    digests: dict[int, str] = {}
    current, hasher = None, hashlib.blake2b(digest_size=16)
    rows = accepted_lines().order_by("submission__enterprise_id", "pk").values_list(*LINE_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        if row[0] != current:
            if current is not None:
                digests[current] = hasher.hexdigest()
            current, hasher = row[0], hashlib.blake2b(digest_size=16)
        hasher.update(_token(row, book.digest(row[2])))
    if current is not None:
        digests[current] = hasher.hexdigest()
    return digests


def compliance_run(
    *, progress: Callable[[int, int], None] | None = None, today: date | None = None, full: bool = False
) -> RunCounts:
    """Evaluate the accepted report lines of the enterprises whose inputs changed (all with ``full``);
    open, keep, resolve or reopen their survey findings. Idempotent."""
    today = today or timezone.localdate()
    counts = RunCounts()
    book = MeasureBook()
    if full:
        book.forget()
    now = current_digests(book)
    book.save()
    stored = {} if full else dict(EnterpriseCheck.objects.values_list("enterprise_id", "inputs"))
    breaches = dict(EnterpriseCheck.objects.values_list("enterprise_id", "breaches"))
    active = Finding.objects.filter(key__startswith=SURVEY_KEY, status__in=ACTIVE_STATUSES).order_by()
    # enterprises with lines, with a past check, or with active survey findings (made before checks were stored)
    universe = set(now) | set(stored) | set(active.values_list("enterprise_id", flat=True).distinct())
    due = sorted(pk for pk in universe if full or now.get(pk, EMPTY) != stored.get(pk))
    counts.skipped = len(universe) - len(due)
    due_set = set(due)
    counts.unchanged = sum(n for pk, n in breaches.items() if pk not in due_set)
    del stored, breaches, universe, due_set
    context = _Context(book=book, today=today)
    for start in range(0, len(due), BATCH):
        _check_batch(due[start : start + BATCH], context, counts)
        counts.checked = min(start + BATCH, len(due))
        if progress:
            progress(counts.checked, len(due))
    if progress and not due:
        progress(0, 0)
    if due:
        book.save()  # the digests of the substances classified afresh in the batches (a stale one is replaced)
    return counts


@dataclass
class _Context:
    book: MeasureBook
    today: date

    def __post_init__(self) -> None:
        self.departments: dict[tuple[bool, int], Department | None] = {}

    def department(self, measure: ControlMeasure, city_id: int) -> Department | None:
        key = (measure.kind.endswith(("_import", "_export")), city_id)
        if key not in self.departments:
            self.departments[key] = department_for(measure, District(pk=city_id))
        return self.departments[key]


def _grouped(rows: list[tuple[Any, ...]]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    groups: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    yield from groups.items()


def _check_batch(ids: list[int], context: _Context, counts: RunCounts) -> None:
    """One batch of enterprises in one transaction: breaches reconciled with findings, digests stored."""
    book, today = context.book, context.today
    with transaction.atomic():
        rows = list(accepted_lines(enterprises=ids).order_by("pk").values_list(*LINE_FIELDS))
        book.load({row[2] for row in rows})
        existing = {f.key: f for f in Finding.objects.filter(key__startswith=SURVEY_KEY, enterprise_id__in=ids)
                    .order_by()}  # fmt: skip
        found: set[str] = set()
        created: list[Finding] = []
        checks = {pk: EnterpriseCheck(enterprise_id=pk, inputs=EMPTY, breaches=0, checked_at=timezone.now())
                  for pk in ids}  # fmt: skip
        for enterprise_id, lines in _grouped(rows):
            hasher, check = hashlib.blake2b(digest_size=16), checks[enterprise_id]
            for row in lines:
                _e, line_id, substance_id, activity, year, city_id, exempted, air, water, soil = row
                pairs = book.pairs(substance_id)
                hasher.update(_token(row, book.digest(substance_id)))
                line = rules.Activity(
                    activity=activity, period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                    exempted_use=str(exempted or ""), releases_kg=float(air + water + soil),
                )  # fmt: skip
                by_key = {spec.key: measure for measure, spec in pairs}
                for breach in rules.evaluate(line, [spec for _m, spec in pairs]):
                    check.breaches += 1
                    measure = by_key[breach.measure]
                    key = f"{SURVEY_KEY}{measure.pk}:{enterprise_id}:{substance_id}:{activity}:{year}"
                    found.add(key)
                    finding = existing.get(key)
                    if finding is not None and finding.status != FindingStatus.RESOLVED:
                        counts.unchanged += 1
                    elif finding is not None:  # resolved earlier, and the breach is back: reopen, with new dates
                        finding_reopen(finding, today)
                        counts.opened += 1
                    else:
                        severity = Severity(breach.severity)
                        existing[key] = finding = Finding(
                            key=key, enterprise_id=enterprise_id, substance_id=substance_id, measure=measure,
                            line_id=line_id, year=year, activity=activity, rule=breach.rule, severity=severity,
                            explanation=explain(breach.rule, breach.facts, measure),
                            legal_basis=measure.legal_basis[:500], opened_on=today,
                            due_date=today + timedelta(days=DUE_DAYS[severity]),
                            department=context.department(measure, city_id),
                        )  # fmt: skip
                        created.append(finding)
                        counts.opened += 1
            check.inputs = hasher.hexdigest()
        if created:
            created = bulk_create_with_history(created, Finding, batch_size=1000)
            _tell_enterprises(created, ids, book)
        gone = [f for key, f in existing.items() if key not in found and f.status in ACTIVE_STATUSES]
        if gone:
            _resolve(gone, today)
            counts.resolved += len(gone)
        EnterpriseCheck.objects.bulk_create(
            checks.values(), update_conflicts=True, unique_fields=["enterprise"],
            update_fields=["inputs", "breaches", "checked_at"], batch_size=1000,
        )  # fmt: skip


def _resolve(findings: list[Finding], today: date) -> None:
    """Mark findings resolved (never deleted), each with a dated note; one history row each."""
    why = _("Resolved on %(day)s: the compliance check no longer finds the cause (report or list changed).")
    note, moment = why % {"day": today.isoformat()}, timezone.now()
    for finding in findings:
        finding.status = FindingStatus.RESOLVED
        finding.note = "\n".join(t for t in (finding.note, note) if t)
        finding.updated_at = moment
    bulk_update_with_history(findings, Finding, ["status", "note", "updated_at"], batch_size=1000,
                             default_change_reason="compliance run", default_date=moment)  # fmt: skip


def _tell_enterprises(findings: list[Finding], ids: list[int], book: MeasureBook) -> None:
    """The ``finding_opened`` event per new finding, for its enterprise's users (two queries per batch)."""
    names = dict(enterprise_list(ids=ids).values_list("pk", "name"))
    users: dict[int, list[int]] = {}
    for enterprise_id, user_id in User.objects.filter(enterprises__in=ids, is_active=True).values_list(
        "enterprises", "pk"
    ):
        users.setdefault(enterprise_id, []).append(user_id)
    url = reverse("compliance:finding_detail", args=[0])[:-2]  # the page of a finding is this + "<pk>/"
    for finding in findings:
        emit(
            "finding_opened", key=f"compliance.finding:{finding.pk}",
            recipients=tuple(users.get(finding.enterprise_id, ())),
            title=f"{names.get(finding.enterprise_id, '')} · {book.substance(finding.substance_id)}",
            url=f"{url}{finding.pk}/", due=finding.due_date,
        )  # fmt: skip
