"""Writes of the statistics area: the bureau's publication choices (PortalSettings)."""

from __future__ import annotations

from django.db import transaction

from npgov.core.models import User
from npgov.core.pagecache import invalidate_portal
from npgov.portal.public.models import PortalSettings


@transaction.atomic
def portal_settings_save(*, workplan_level: str, user: User, reason: str = "") -> PortalSettings:
    """Store the bureau's choice of what the portal publishes (with history) and make every cached page stale."""
    if workplan_level not in PortalSettings.WorkplanLevel.values:
        raise ValueError(f"unknown work-plan level {workplan_level!r}")
    row = PortalSettings.current()
    row.workplan_level = workplan_level
    row.updated_by = user
    row._history_user = user
    if reason:
        row._change_reason = reason
    row.save()
    invalidate_portal()
    return row
