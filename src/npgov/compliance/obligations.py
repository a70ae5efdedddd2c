"""Derived obligation lists: which enterprises carry which duty, by which rule, on which evidence.

Each list is a rule over the lines of an enterprise's latest accepted survey report (their tiers say
which lists the substance is on: ``key`` the key controlled new pollutants, ``detailed`` the priority
control and priority assessment lists, ``convention`` POPs and mercury) and, for permits, the
enterprise's discharge permits. Nothing is stored: the lists follow the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.surveys.selectors import is_key_discharge_line, produces_uses_or_releases

TOXIC_TIERS = {"key", "detailed", "convention"}  # 有毒有害物质: on the key, priority or convention lists


@dataclass(frozen=True)
class ObligationList:
    key: str
    title: Any
    rule: Any
    basis: Any


LISTS = (
    ObligationList(
        "key_discharge",
        _("Key pollutant discharge units (new pollutants)"),
        _(
            "Produces, processes or uses, or releases a substance on the key controlled new pollutants list "
            "(latest accepted survey report)."
        ),
        _("Dalian work plan task (九); Lianyungang task 12; 《重点管控新污染物清单（2023年版）》"),
    ),
    ObligationList(
        "cleaner_production",
        _("Mandatory cleaner-production audit"),
        _(
            "Uses toxic and hazardous raw materials or releases toxic and hazardous substances: a substance on the "
            "key controlled, priority control or convention lists, produced, used or released."
        ),
        _("《清洁生产促进法》第二十七条; Dalian work plan task (四); Lianyungang task 7"),
    ),
    ObligationList(
        "disclosure",
        _("Environmental information disclosure"),
        _(
            "Must publish the toxic raw materials it uses and the name, concentration and amount of the toxic "
            "substances it releases (same evidence as the cleaner-production rule)."
        ),
        _("《企业环境信息依法披露管理办法》; Lianyungang task 9"),
    ),
    ObligationList(
        "permit",
        _("Discharge permit must state new-pollutant controls"),
        _(
            "A key discharge unit for new pollutants holding a discharge permit: the permit must state the "
            "new-pollutant control requirements."
        ),
        _("Lianyungang task 12; 《排污许可管理条例》"),
    ),
)
LIST_BY_KEY = {item.key: item for item in LISTS}


@dataclass
class Entry:
    enterprise: Any
    evidence: list[Any] = field(default_factory=list)  # survey lines
    permits: list[Any] = field(default_factory=list)
    year: int | None = None

    @property
    def compliant(self) -> bool | None:
        """For the permit list: whether every permit states the controls (None elsewhere)."""
        if not self.permits:
            return None
        return all(p.states_new_pollutant_controls for p in self.permits)


def _latest_lines(enterprises: Any) -> dict[int, tuple[int, list[Any]]]:
    """enterprise id → (year, lines) of its latest accepted report."""
    from npgov.surveys.models import SubmissionLine

    lines = (
        SubmissionLine.objects.filter(submission__status="accepted", submission__enterprise__in=enterprises)
        .select_related("substance", "submission__campaign")
        .order_by("submission__enterprise_id", "-submission__campaign__year", "pk")
    )
    latest: dict[int, tuple[int, list[Any]]] = {}
    for line in lines:
        enterprise_id, year = line.submission.enterprise_id, line.submission.campaign.year
        if enterprise_id not in latest:
            latest[enterprise_id] = (year, [])
        if latest[enterprise_id][0] == year:
            latest[enterprise_id][1].append(line)
    return latest


def obligation_lists(*, enterprises: Any) -> dict[str, list[Entry]]:
    """Every obligation list over ``enterprises`` (a queryset the caller has restricted)."""
    from npgov.enterprises.choices import PermitKind
    from npgov.enterprises.models import Permit

    by_id = {e.pk: e for e in enterprises.select_related("district", "industry")}
    latest = _latest_lines(list(by_id))
    permits: dict[int, list[Any]] = defaultdict(list)
    for permit in Permit.objects.filter(enterprise_id__in=by_id, kind=PermitKind.PERMIT):
        permits[permit.enterprise_id].append(permit)
    result: dict[str, list[Entry]] = {item.key: [] for item in LISTS}
    for enterprise_id, (year, lines) in sorted(latest.items(), key=lambda kv: by_id[kv[0]].name):
        enterprise = by_id[enterprise_id]
        key = [ln for ln in lines if is_key_discharge_line(ln)]
        toxic = [ln for ln in lines if TOXIC_TIERS & set(ln.tiers) and produces_uses_or_releases(ln)]
        if key:
            result["key_discharge"].append(Entry(enterprise, key, year=year))
            if permits.get(enterprise_id):
                result["permit"].append(Entry(enterprise, key, permits[enterprise_id], year=year))
        if toxic:
            result["cleaner_production"].append(Entry(enterprise, toxic, year=year))
            result["disclosure"].append(Entry(enterprise, toxic, year=year))
    return result


def enterprise_obligations(enterprise: Any) -> list[tuple[ObligationList, Entry]]:
    """The lists one enterprise is on, with the evidence."""
    from npgov.enterprises.models import Enterprise

    lists = obligation_lists(enterprises=Enterprise.objects.filter(pk=enterprise.pk))
    return [(LIST_BY_KEY[key], entries[0]) for key, entries in lists.items() if entries]


@dataclass
class NewSubstanceCheck:
    substance: Any
    enterprises: list[Any]
    registered: bool
    in_inventory: bool | None  # None: the inventory is not loaded, so it cannot be told


def new_substance_check(*, enterprises: Any) -> tuple[bool, list[NewSubstanceCheck]]:
    """Surveyed substances that are neither in the existing-substances inventory nor registered as new.

    Returns (inventory loaded?, rows). Without the inventory (IECSC) nothing can be concluded for an
    unregistered substance: it is listed with ``in_inventory=None`` and the page says so plainly.
    """
    from npgov.compliance.models import ExistingSubstance, NewSubstanceRegistration
    from npgov.surveys.models import SubmissionLine

    inventory = set(ExistingSubstance.objects.values_list("cas", flat=True))
    registered_ids = set(
        NewSubstanceRegistration.objects.exclude(substance=None).values_list("substance_id", flat=True)
    )
    registered_cas = set(NewSubstanceRegistration.objects.exclude(cas="").values_list("cas", flat=True))
    users: dict[int, set[Any]] = defaultdict(set)
    substances: dict[int, Any] = {}
    lines = SubmissionLine.objects.filter(submission__status="accepted", submission__enterprise__in=enterprises)
    for line in lines.select_related("substance", "submission__enterprise"):
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
