"""Writes of the disclosures: save the year's draft, publish it.

A published version is never changed: saving a year that has one creates a new draft version, which needs a
correction note. Publishing makes the draft the year's current version and refreshes the public pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.models import User
from npgov.core.pagecache import invalidate_portal
from npgov.core.permissions import ensure_visible
from npgov.portal.disclosures import selectors
from npgov.portal.disclosures.models import Disclosure, DisclosureLine

LINE_FIELDS = ("kind", "medium", "amount_t", "concentration", "concentration_unit", "treatment")


def _survey_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    substance = row["substance"]
    amount = Decimal(row["amount_t"]).quantize(Decimal("0.000001"))
    return row["kind"], getattr(substance, "pk", substance), row.get("medium") or "", amount


@transaction.atomic
def save_draft(
    *,
    enterprise: Any,
    year: int,
    user: User,
    treatment: str,
    lines: Iterable[Mapping[str, Any]],
    correction_note: str = "",
) -> Disclosure:
    """Create or replace the year's draft with these lines (dicts of the line fields and ``substance``).

    A line is marked ``from_survey`` when it is exactly what the accepted survey report gives (same kind,
    substance, medium and amount); a line the enterprise changed or added is its own statement.
    """
    list(Disclosure.objects.select_for_update().filter(enterprise=enterprise, year=year).values_list("pk"))
    versions = Disclosure.objects.filter(enterprise=enterprise, year=year)
    draft = versions.filter(status=Disclosure.Status.DRAFT).first()
    has_published = versions.filter(status=Disclosure.Status.PUBLISHED).exists()
    correction_note = correction_note.strip()
    if has_published and not correction_note:
        raise ValidationError(
            _("Say what this new version corrects: the published version stays on record."), code="correction_note"
        )
    if draft is None:
        version = (versions.aggregate(v=Max("version"))["v"] or 0) + 1
        draft = Disclosure(enterprise=enterprise, year=year, version=version)
    draft.treatment = treatment.strip()
    draft.correction_note = correction_note if has_published else ""
    draft.prepared_by = user
    draft._history_user = user
    draft.full_clean()
    draft.save()
    ensure_visible(user, [draft], "change")  # the enterprise's own, checked inside the transaction
    survey = {_survey_key(row) for row in selectors.survey_lines(enterprise.pk, year)}
    draft.lines.all().delete()
    new = []
    for row in lines:
        values = {f: row.get(f) for f in LINE_FIELDS}
        for text in ("medium", "concentration_unit", "treatment"):
            values[text] = (values[text] or "").strip()
        substance = row["substance"]  # a substance, or its id (lines from the survey)
        values["substance_id"] = substance if isinstance(substance, int) else substance.pk
        line = DisclosureLine(disclosure=draft, from_survey=_survey_key(row) in survey, **values)
        line.full_clean(exclude=["disclosure"])
        new.append(line)
    DisclosureLine.objects.bulk_create(new)
    return draft


@transaction.atomic
def publish(*, disclosure: Disclosure, user: User, now: datetime | None = None) -> Disclosure:
    """Publish a draft: it becomes the year's current version, dated, immutable and public."""
    draft = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if draft.status != Disclosure.Status.DRAFT:
        raise ValidationError(_("This version is already published; a correction is a new version."), code="published")
    if not draft.lines.exists():
        raise ValidationError(_("Add at least one line before publishing."), code="no_lines")
    if draft.version > 1 and not draft.correction_note:
        raise ValidationError(_("Say what this new version corrects before publishing it."), code="correction_note")
    draft.status = Disclosure.Status.PUBLISHED
    draft.published_at = now or timezone.now()
    draft._history_user = user
    draft.save(update_fields=["status", "published_at", "updated_at"])
    ensure_visible(user, [draft], "change")
    transaction.on_commit(invalidate_portal)
    return draft
