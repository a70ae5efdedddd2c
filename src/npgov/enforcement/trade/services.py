"""Writes of import/export checks: the release-notice rule of CN-SRTC and the finding of a violation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from npgov.compliance.choices import ACTIVE_STATUSES
from npgov.compliance.selectors import finding_get
from npgov.compliance.services import finding_open, finding_resolve
from npgov.enforcement.findings import measure_for
from npgov.enforcement.products.models import plain_number
from npgov.enforcement.trade import selectors
from npgov.enforcement.trade.models import TradeCheck, TradeDirection, TradeResult, ViolationKind
from npgov.regulations.choices import MeasureKind

if TYPE_CHECKING:
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance


def trade_check_release_notice_error(*, substance: Substance, release_notice_number: str,
                                     violation_kind: str) -> str | None:  # fmt: skip
    """The release-notice rule of CN-SRTC, as an error message for the release notice field, or None.

    A chemical on the strictly restricted list needs a release notice, unless the check records exactly
    that violation (no release notice); that violation makes no sense for a chemical not on the list.
    """
    listed = selectors.substance_on_strictly_restricted_list(substance=substance)
    missing = violation_kind == ViolationKind.MISSING_RELEASE_NOTICE
    if listed and not release_notice_number.strip() and not missing:
        return _(
            "%(substance)s is on the China Strictly Restricted Toxic Chemicals List: give the release notice number, "
            "or record the check as a violation (no release notice)."
        ) % {"substance": substance}
    if missing and not listed:
        return _("%(substance)s is not on the strictly restricted list: no release notice is required.") % {
            "substance": substance
        }
    if missing and release_notice_number.strip():
        return _("A release notice number is given, yet the violation recorded is that there is none.")
    return None


def trade_check_saved(*, check: TradeCheck, today: date | None = None) -> None:
    """After a check is saved: record the substance's CN-SRTC membership; open or resolve its finding.

    A violation by a registered enterprise opens one finding (key ``trade:<check pk>``) when the substance
    has a list measure for it: the release-notice measure for a missing notice, else a ban or restriction
    of the direction. A finding of a check later corrected to compliant is resolved.
    """
    today = today or timezone.localdate()
    listed = selectors.substance_on_strictly_restricted_list(substance=check.substance)
    if check.on_strictly_restricted_list != listed:
        check.on_strictly_restricted_list = listed
        check.save(update_fields=["on_strictly_restricted_list", "updated_at"])
    key = f"trade:{check.pk}"
    finding = finding_get(key=key)
    violation = check.result == TradeResult.VIOLATION and check.enterprise_id is not None
    if violation and finding is None:
        measure = measure_for(check.substance, _trade_measure_kinds(check), {})
        _open_trade_finding(check, measure, key, today)  # measure may be None: the check's own description stands
    elif not violation and finding is not None and finding.status in ACTIVE_STATUSES:
        with translation.override(settings.LANGUAGE_CODE):
            why = _("Resolved on %(day)s: the import/export check was corrected to compliant.")
        finding_resolve(finding=finding, note=why % {"day": today.isoformat()})


def _trade_measure_kinds(check: TradeCheck) -> list[str]:
    direction = "import" if check.direction == TradeDirection.IMPORT else "export"
    ban, restrict = f"ban_{direction}", f"restrict_{direction}"
    if check.violation_kind == ViolationKind.MISSING_RELEASE_NOTICE:
        return [MeasureKind.RELEASE_NOTICE, ban, restrict]
    return [ban, restrict, MeasureKind.RELEASE_NOTICE]


def _open_trade_finding(check: TradeCheck, measure: ControlMeasure | None, key: str, today: date) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(direction)s of %(substance)s (HS %(hs)s, %(quantity)s %(unit)s) on %(day)s: %(kind)s. %(text)s") % {
            "direction": check.get_direction_display(), "substance": check.substance, "hs": check.hs_code,
            "quantity": plain_number(float(check.quantity)), "unit": check.quantity_unit,
            "day": check.checked_on.isoformat(),
            "kind": check.get_violation_kind_display(), "text": check.description,
        }  # fmt: skip
    rule = check.violation_kind or "trade"
    finding_open(key=key, enterprise=check.enterprise, substance=check.substance, measure=measure,
                 year=check.checked_on.year, activity=check.direction, rule=rule, explanation=text,
                 legal_basis=measure.legal_basis if measure else "", department=check.department, today=today,
                 reason=rule)  # fmt: skip
