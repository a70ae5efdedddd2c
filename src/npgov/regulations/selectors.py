"""Reads of the regulatory lists: current revisions, and the substances they name.

The public read interface of the regulations app, with ``services.classification.classify_substance`` (which
list entries a substance falls under): other apps read lists only through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from npgov.regulations.choices import ListKind
from npgov.regulations.models import ControlMeasure, ListEntry, ListMember, RegulatoryList
from npgov.substances.selectors import substance_list

if TYPE_CHECKING:
    from npgov.substances.models import Substance


def regulatory_list_current(*, code: str) -> RegulatoryList | None:
    """The current revision of the list with this code, if there is one."""
    return RegulatoryList.objects.filter(code=code, is_current=True).first()


def regulatory_list_all(*, current_only: bool = True) -> QuerySet[RegulatoryList]:
    """The lists (only their current revisions unless ``current_only`` is false)."""
    queryset = RegulatoryList.objects.all()
    return queryset.filter(is_current=True) if current_only else queryset


def substances_listed() -> QuerySet[Substance]:
    """The registry substances named by an entry of a current list revision (each once)."""
    named = ListMember.objects.filter(entry__regulatory_list__is_current=True, substance__isnull=False)
    return substance_list(ids=named.values("substance_id"))


def control_measure_list(*, entry_ids: list[int] | None = None) -> QuerySet[ControlMeasure]:
    """Control measures with their entry and list, optionally only those of these entries."""
    queryset = ControlMeasure.objects.select_related("entry__regulatory_list")
    return queryset if entry_ids is None else queryset.filter(entry_id__in=entry_ids)


# --- public reads: what the public portal shows --------------------------------------------------------------------
# Only current revisions, and only what is verified against its source: an unverified list, entry, named member
# or measure is not presented to the public as a fact (it is counted, so the page can say some are withheld).
# A local priority list is public once the risk app has published it: the caller passes those lists' ids.


def _public_members() -> Prefetch:
    members = ListMember.objects.filter(verified=True).order_by("pk")
    return Prefetch("members", queryset=members, to_attr="public_members")


def _public_measures() -> Prefetch:
    measures = ControlMeasure.objects.filter(verified=True).order_by("position", "pk")
    return Prefetch("measures", queryset=measures, to_attr="public_measures")


def public_lists(*, local_list_ids: Iterable[int] = ()) -> QuerySet[RegulatoryList]:
    """Current, verified lists: the national lists and the published local priority lists among ``local_list_ids``,
    each with ``entry_count`` (its verified entries)."""
    lists = RegulatoryList.objects.filter(is_current=True, verified=True).filter(
        ~Q(kind=ListKind.LOCAL_PRIORITY) | Q(pk__in=list(local_list_ids))
    )
    return lists.annotate(entry_count=Count("entries", filter=Q(entries__verified=True))).order_by("kind", "code")


def public_list_entries(*, regulatory_list: RegulatoryList) -> QuerySet[ListEntry]:
    """The verified entries of a list with their verified named members and verified measures (prefetched)."""
    return (
        ListEntry.objects.filter(regulatory_list=regulatory_list, verified=True)
        .prefetch_related(
            _public_members(),
            _public_measures(),
        )
        .order_by("position", "pk")
    )  # fmt: skip


def public_withheld_counts(*, regulatory_list: RegulatoryList) -> dict[str, int]:
    """How many entries, named members and measures of the list are not yet verified (and so not shown)."""
    entries = ListEntry.objects.filter(regulatory_list=regulatory_list)
    return {
        "entries": entries.filter(verified=False).count(),
        "members": ListMember.objects.filter(entry__in=entries.filter(verified=True), verified=False).count(),
        "measures": ControlMeasure.objects.filter(entry__in=entries.filter(verified=True), verified=False).count(),
    }


def public_listed_substance_ids(*, list_ids: Iterable[int]) -> QuerySet[ListMember, int]:
    """Ids of the registry substances a verified member of a verified entry of these lists names (``values``)."""
    return (
        ListMember.objects.filter(
            entry__regulatory_list__in=list(list_ids), entry__verified=True, verified=True, substance__isnull=False
        )
        .order_by()
        .values_list("substance_id", flat=True)
        .distinct()
    )


def public_memberships(*, substance_id: int, list_ids: Iterable[int]) -> list[ListEntry]:
    """The verified entries of these lists that name the substance (verified member), with their list, verified
    members and verified measures."""
    entry_ids = ListMember.objects.filter(substance_id=substance_id, verified=True).values("entry_id")
    return list(
        ListEntry.objects.filter(pk__in=entry_ids, verified=True, regulatory_list__in=list(list_ids))
        .select_related("regulatory_list")
        .prefetch_related(
            _public_measures(),
        )
        .order_by("regulatory_list__kind", "regulatory_list__code", "position")
    )  # fmt: skip


def public_entry_rows(*, list_ids: Iterable[int]) -> list[dict[str, object]]:
    """One row per verified measure (or per entry without one) of these lists, for the open-data download."""
    rows: list[dict[str, object]] = []
    entries = (
        ListEntry.objects.filter(regulatory_list__in=list(list_ids), verified=True)
        .select_related("regulatory_list")
        .prefetch_related(
            _public_measures(),
            _public_members(),
        )
        .order_by("regulatory_list__code", "position", "pk")
    )  # fmt: skip
    for entry in entries:
        base = {
            "list_code": entry.regulatory_list.code, "list_title": entry.regulatory_list.title_zh,
            "item": entry.item, "name_zh": entry.name_zh, "name_en": entry.name_en,
            "cas": " ".join(m.cas for m in getattr(entry, "public_members", []) if m.cas),
        }  # fmt: skip
        measures = getattr(entry, "public_measures", []) or [None]
        for measure in measures:
            rows.append({
                **base,
                "measure_kind": measure.kind if measure else "",
                "measure_label": str(measure.get_kind_display()) if measure else "",
                "measure_text": measure.text_zh if measure else "",
                "effective": measure.effective.isoformat() if measure and measure.effective else "",
            })  # fmt: skip
    return rows
