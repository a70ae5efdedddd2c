"""Invalidation of the portal's page cache when something the portal shows changes in a lower app.

The lower apps know nothing of the portal (layers): the portal listens to their models' saves and deletes
(lazy ``"app_label.Model"`` senders, so no model is imported) and to the domain events that announce a
publication. Any such change moves the cache version on (``invalidate_portal``); monitoring results, which
arrive in bulk without per-row signals, are covered by the import batch each import records.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from npgov.core.pagecache import invalidate_portal
from npgov.core.signals import domain_event

# Models whose rows the portal shows (directly or in an aggregate, a dataset or a card).
WATCHED_MODELS = (
    "enforcement.InspectionDraw",
    "enforcement.InspectionTask",
    "enforcement.InspectionRecord",
    "enforcement.Case",
    "regulations.RegulatoryList",
    "regulations.ListEntry",
    "regulations.ListMember",
    "regulations.ControlMeasure",
    "substances.Substance",
    "monitoring.Site",
    "core.ImportBatch",
    "workplan.Plan",
    "workplan.Task",
    "workplan.Milestone",
    "workplan.KpiValue",
    "workplan.ProgressReport",
    "portal.PortalSettings",
    "portal.Disclosure",
    "portal.Article",
)
# Domain events that announce something the public may now read.
PUBLISHING_EVENTS = frozenset({"priority_list_published", "import_finished"})
# Rows created with their defaults on first read (``PortalSettings.current()``): their creation changes nothing
# the public sees, and a page rendering them must not invalidate itself.
CREATED_ON_READ = frozenset({"portal.PortalSettings"})


def _invalidate(sender: Any = None, **kwargs: Any) -> None:
    """Invalidate now, and again once the change is committed (a page rendered by another process meanwhile
    would have cached the old rows under the new version)."""
    if kwargs.get("raw"):  # fixtures being loaded
        return
    if kwargs.get("created") and getattr(getattr(sender, "_meta", None), "label", "") in CREATED_ON_READ:
        return
    invalidate_portal()
    transaction.on_commit(invalidate_portal)


def _on_domain_event(sender: Any, kind: str = "", **kwargs: Any) -> None:
    if kind in PUBLISHING_EVENTS or kind.endswith("_published"):
        invalidate_portal()


def connect() -> None:
    """Connect the receivers (called once from the portal's registration)."""
    for label in WATCHED_MODELS:
        uid = f"portal-invalidate:{label}"
        post_save.connect(_invalidate, sender=label, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(_invalidate, sender=label, dispatch_uid=f"{uid}:delete", weak=False)
    domain_event.connect(_on_domain_event, dispatch_uid="portal-invalidate:events", weak=False)
