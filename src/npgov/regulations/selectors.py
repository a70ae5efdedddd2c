"""Reads of the regulatory lists: current revisions, and the substances they name.

The public read interface of the regulations app, with ``services.classification.classify_substance`` (which
list entries a substance falls under): other apps read lists only through these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from npgov.regulations.models import ControlMeasure, ListMember, RegulatoryList
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
