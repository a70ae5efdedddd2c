"""Reads of compliance data, for compliance's own pages and for the apps above it (enforcement, workplan).

Findings are read through ``finding_list`` / ``finding_get`` / ``finding_enterprise_ids``. The obligation
lists are derived, never stored: each is a rule over the lines of an enterprise's latest accepted survey
report (their tiers say which lists the substance is on: ``key`` the key controlled new pollutants,
``detailed`` the priority control and priority assessment lists, ``convention`` POPs and mercury) and,
for permits, the enterprise's discharge permits. Their vocabulary (``OBLIGATION_LISTS``) is in choices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet

from npgov.compliance.choices import (
    ACTIVE_STATUSES,
    OBLIGATION_LIST_BY_KEY,
    OBLIGATION_LISTS,
    FindingStatus,
    ObligationList,
)
from npgov.compliance.models import ExistingSubstance, Finding, NewSubstanceRegistration
from npgov.core.models import User
from npgov.enterprises.selectors import enterprise_list, permits_by_enterprise
from npgov.surveys.selectors import (
    LineFacts,
    accepted_lines,
    is_key_discharge_line,
    latest_line_facts,
    produces_uses_or_releases,
)

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise, Permit
    from npgov.substances.models import Substance
    from npgov.surveys.models import SubmissionLine

TOXIC_TIERS = {"key", "detailed", "convention"}  # 有毒有害物质: on the key, priority or convention lists


# --- findings -------------------------------------------------------------------------------------
def finding_list(
    *,
    user: User | AnonymousUser | None = None,
    action: str = "view",
    enterprise: Enterprise | None = None,
    key: str | None = None,
    keys: Iterable[str] | None = None,
    key_prefix: str | None = None,
    statuses: Iterable[str] | None = None,
) -> QuerySet[Finding]:
    """Findings (with their substance), restricted to what ``user`` may ``action`` when a user is given.

    ``key`` / ``keys`` / ``key_prefix`` select by rule key (``survey:…``, ``product:<result pk>``,
    ``trade:<check pk>``); ``statuses`` e.g. ``choices.ACTIVE_STATUSES``. Default ordering of findings.
    """
    findings = Finding.objects.restrict(user, action) if user is not None else Finding.objects.all()
    if enterprise is not None:
        findings = findings.filter(enterprise=enterprise)
    if key is not None:
        findings = findings.filter(key=key)
    if keys is not None:
        findings = findings.filter(key__in=list(keys))
    if key_prefix is not None:
        findings = findings.filter(key__startswith=key_prefix)
    if statuses is not None:
        findings = findings.filter(status__in=list(statuses))
    return findings.select_related("substance")


def finding_get(*, key: str) -> Finding | None:
    """The finding with rule key ``key`` (keys are unique), or None."""
    return Finding.objects.filter(key=key).first()


def finding_enterprise_ids(*, statuses: Iterable[str] | None = None) -> QuerySet[Finding, int]:
    """Ids of the enterprises having a finding (in ``statuses`` when given), to filter an enterprise queryset."""
    findings = Finding.objects.all() if statuses is None else Finding.objects.filter(status__in=list(statuses))
    return findings.order_by().values_list("enterprise_id", flat=True).distinct()


# --- obligation lists -----------------------------------------------------------------------------
@dataclass
class ObligationEntry:
    """An enterprise on an obligation list, with the survey lines (and permits) that put it there."""

    enterprise: Enterprise
    evidence: list[SubmissionLine] = field(default_factory=list)
    permits: list[Permit] = field(default_factory=list)
    year: int | None = None

    @property
    def compliant(self) -> bool | None:
        """For the permit list: whether every permit states the controls (None elsewhere)."""
        if not self.permits:
            return None
        return permits_state_controls(self.permits)


def permits_state_controls(permits: Iterable[Permit]) -> bool:
    """Whether every one of an enterprise's discharge permits states the new-pollutant controls."""
    return all(p.states_new_pollutant_controls for p in permits)


def is_toxic_line(line: SubmissionLine | LineFacts) -> bool:
    """A line that puts its enterprise on the cleaner-production and disclosure lists: a toxic and harmful
    substance (key, priority or convention list) produced, used or released."""
    return bool(TOXIC_TIERS & set(line.tiers)) and produces_uses_or_releases(line)


def _latest_lines(enterprise_ids: list[int]) -> dict[int, tuple[int, list[SubmissionLine]]]:
    """enterprise id → (year, lines) of its latest accepted report."""
    lines = (
        accepted_lines(enterprises=enterprise_ids)
        .select_related("substance", "submission__campaign")
        .order_by("submission__enterprise_id", "-submission__campaign__year", "pk")
    )
    latest: dict[int, tuple[int, list[SubmissionLine]]] = {}
    for line in lines:
        enterprise_id, year = line.submission.enterprise_id, line.submission.campaign.year
        if enterprise_id not in latest:
            latest[enterprise_id] = (year, [])
        if latest[enterprise_id][0] == year:
            latest[enterprise_id][1].append(line)
    return latest


def obligation_lists(*, enterprises: QuerySet[Enterprise]) -> dict[str, list[ObligationEntry]]:
    """Every obligation list (by key) over ``enterprises`` (a queryset the caller has restricted)."""
    by_id = {e.pk: e for e in enterprises.select_related("district", "industry")}
    latest = _latest_lines(list(by_id))
    permits = permits_by_enterprise(enterprise_ids=by_id)
    result: dict[str, list[ObligationEntry]] = {item.key: [] for item in OBLIGATION_LISTS}
    for enterprise_id, (year, lines) in sorted(latest.items(), key=lambda kv: by_id[kv[0]].name):
        enterprise = by_id[enterprise_id]
        key = [ln for ln in lines if is_key_discharge_line(ln)]
        toxic = [ln for ln in lines if is_toxic_line(ln)]
        if key:
            result["key_discharge"].append(ObligationEntry(enterprise, key, year=year))
            if permits.get(enterprise_id):
                result["permit"].append(ObligationEntry(enterprise, key, permits[enterprise_id], year=year))
        if toxic:
            result["cleaner_production"].append(ObligationEntry(enterprise, toxic, year=year))
            result["disclosure"].append(ObligationEntry(enterprise, toxic, year=year))
    return result


@dataclass(frozen=True)
class ObligationCount:
    enterprises: int
    not_compliant: int = 0  # the permit list: enterprises whose permits do not all state the controls


def obligation_counts(*, enterprises: QuerySet[Enterprise]) -> dict[str, ObligationCount]:
    """How many of ``enterprises`` each obligation list names: the rules of :func:`obligation_lists` over
    line tuples instead of line objects, so a district's thousands of enterprises cost three queries."""
    key_ids, toxic_ids = [], 0
    for enterprise_id, lines in latest_line_facts(enterprises=enterprises).items():
        if any(is_key_discharge_line(line) for line in lines):
            key_ids.append(enterprise_id)
        toxic_ids += any(is_toxic_line(line) for line in lines)
    permits = permits_by_enterprise(enterprise_ids=key_ids)
    not_compliant = sum(1 for enterprise_permits in permits.values() if not permits_state_controls(enterprise_permits))
    return {
        "key_discharge": ObligationCount(len(key_ids)),
        "permit": ObligationCount(len(permits), not_compliant),
        "cleaner_production": ObligationCount(toxic_ids),
        "disclosure": ObligationCount(toxic_ids),
    }


def enterprise_obligations(*, enterprise: Enterprise) -> list[tuple[ObligationList, ObligationEntry]]:
    """The lists one enterprise is on, with the evidence."""
    lists = obligation_lists(enterprises=enterprise_list(ids=[enterprise.pk]))
    return [(OBLIGATION_LIST_BY_KEY[key], entries[0]) for key, entries in lists.items() if entries]


# --- new chemical substances ----------------------------------------------------------------------
@dataclass
class NewSubstanceCheck:
    substance: Substance
    enterprises: list[Enterprise]
    registered: bool
    in_inventory: bool | None  # None: the inventory is not loaded, so it cannot be told


def new_substance_check(*, enterprises: QuerySet[Enterprise]) -> tuple[bool, list[NewSubstanceCheck]]:
    """Surveyed substances that are neither in the existing-substances inventory nor registered as new.

    Returns (inventory loaded?, rows). Without the inventory (IECSC) nothing can be concluded for an
    unregistered substance: it is listed with ``in_inventory=None`` and the page says so plainly.
    """
    inventory = set(ExistingSubstance.objects.values_list("cas", flat=True))
    registered_ids = set(
        NewSubstanceRegistration.objects.exclude(substance=None).values_list("substance_id", flat=True)
    )
    registered_cas = set(NewSubstanceRegistration.objects.exclude(cas="").values_list("cas", flat=True))
    users: dict[int, set[Enterprise]] = defaultdict(set)
    substances: dict[int, Substance] = {}
    for line in accepted_lines(enterprises=enterprises).select_related("substance", "submission__enterprise"):
        substances[line.substance_id] = line.substance
        users[line.substance_id].add(line.submission.enterprise)
    rows = []
    for substance_id, substance in substances.items():
        registered = substance_id in registered_ids or (substance.cas or "") in registered_cas
        in_inventory = (substance.cas in inventory) if inventory else None
        if registered or in_inventory:
            continue
        rows.append(NewSubstanceCheck(substance, sorted(users[substance_id], key=lambda e: e.name), registered,
                                      in_inventory))  # fmt: skip
    rows.sort(key=lambda r: (r.substance.cas or "", r.substance.name_zh))
    return bool(inventory), rows


def finding_statistics(*, year: int) -> dict[str, Any]:
    """Findings of a year by rule and severity (codes): opened in the year, verified and closed in the year, and
    still active (open or rectification submitted) among those opened by the year's end, as of now.

    ``last_id`` / ``last_change`` identify the findings read, for a frozen evaluation's comparison.
    """
    opened = Q(opened_on__year=year)
    closed = Q(status=FindingStatus.CLOSED, closed_at__year=year)
    active = Q(status__in=ACTIVE_STATUSES, opened_on__year__lte=year)
    rows = (
        Finding.objects.filter(opened | closed | active)
        .order_by()
        .values("rule", "severity")
        .annotate(opened_n=Count("pk", filter=opened), closed_n=Count("pk", filter=closed),
                  active_n=Count("pk", filter=active))
    )  # fmt: skip
    identity = Finding.objects.aggregate(last_pk=Max("pk"), last_change=Max("updated_at"), n=Count("pk"))
    return {
        "rows": [
            {
                "rule": r["rule"],
                "severity": r["severity"],
                "opened": r["opened_n"],
                "closed": r["closed_n"],
                "active": r["active_n"],
            }
            for r in sorted(rows, key=lambda r: (str(r["rule"]), str(r["severity"])))
        ],  # fmt: skip
        "findings": identity["n"],
        "last_id": identity["last_pk"],
        "last_change": identity["last_change"].isoformat() if identity["last_change"] else None,
    }
