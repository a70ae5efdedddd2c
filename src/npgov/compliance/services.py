"""The compliance check and the findings' workflow.

``compliance_run`` evaluates the lines of accepted survey reports against the measures of the list
entries their substances fall under (``science.compliance.evaluate``) and reconciles the result with
the stored findings: new breaches open findings, known ones are left as they are, and active findings
whose cause is gone (a corrected report, a changed list) are marked resolved, never deleted. It runs
incrementally and in batches (``compliance.checking``): only enterprises whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.compliance.choices import ACTIVE_STATUSES, DUE_DAYS, FindingStatus, Severity
from npgov.compliance.models import Finding
from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.models import Department, District, User
from npgov.core.models.organisation import DepartmentFunction
from npgov.core.permissions import ensure_visible
from npgov.core.selectors import department_by_function, department_lead
from npgov.core.signals import emit

if TYPE_CHECKING:
    from npgov.compliance.checking import RunCounts
    from npgov.enterprises.models import Enterprise
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance
    from npgov.surveys.models import SubmissionLine

SURVEY_KEY = "survey:"  # prefix of the keys of findings this check makes (others: "product:", "trade:")


def explain(rule: str, facts: dict[str, str], measure: ControlMeasure) -> str:
    """The finding's reason in the user's language, naming the measure and its dates."""
    clause = f"{measure.entry.regulatory_list.code} {measure.entry.item}·{measure.clause}".strip("·")
    texts = {
        "ban": _("Banned since %(effective)s: %(text)s (%(clause)s)."),
        "ban_began": _(
            "Banned from %(effective)s, within the reporting year: show that the activity stopped by then. "
            "%(text)s (%(clause)s)."
        ),
        "exemption_expired": _("The exempted use relied on (%(use)s) ended on %(until)s: %(text)s (%(clause)s)."),
        "restriction": _("Restricted: show that the use is not a restricted one. %(text)s (%(clause)s)."),
        "emission": _(
            "Releases reported (%(releases_kg)s kg/a) of a substance under emission control: show the monitoring "
            "that proves the discharge standards are met. %(text)s (%(clause)s)."
        ),
    }
    return texts[rule] % {**facts, "text": measure.text_zh, "clause": clause}


def department_for(measure: ControlMeasure, city: District) -> Department | None:
    """The city department responsible: customs for import/export, else the lead (bureau)."""
    if measure.kind.endswith(("_import", "_export")):
        customs = department_by_function(function=DepartmentFunction.CUSTOMS, city=city)
        if customs is not None:
            return customs
    return department_lead(city=city)


def compliance_run(
    *, progress: Callable[[int, int], None] | None = None, today: date | None = None, full: bool = False
) -> RunCounts:
    """The survey check (``compliance.checking``): only enterprises whose inputs changed, or all with ``full``."""
    from npgov.compliance.checking import compliance_run as run  # the check builds on this module's services

    return run(progress=progress, today=today, full=full)


def finding_open(
    *, key: str, enterprise: Enterprise, substance: Substance, measure: ControlMeasure | None, year: int,
    activity: str, rule: str, explanation: str, legal_basis: str, department: Department | None, today: date,
    severity: Severity = Severity.HIGH, line: SubmissionLine | None = None, reason: str | None = None,
) -> Finding:  # fmt: skip
    """Open a finding under rule key ``key`` (``survey:…``, ``product:…``, ``trade:…``), due by its severity.

    ``reason`` is the history's change reason (none for the survey check's own findings)."""
    finding = Finding(
        key=key, enterprise=enterprise, substance=substance, measure=measure, line=line, year=year, activity=activity,
        rule=rule, explanation=explanation, legal_basis=legal_basis[:500], severity=severity, opened_on=today,
        due_date=today + timedelta(days=DUE_DAYS[severity]), department=department,
    )  # fmt: skip
    if reason is not None:
        finding._change_reason = reason
    finding.save(force_insert=True)
    _tell_enterprise("finding_opened", finding)
    return finding


def _tell_enterprise(kind: str, finding: Finding, actor: User | None = None) -> None:
    """A domain event about a finding, for the enterprise's users (after the transaction commits)."""
    emit(
        kind, key=f"compliance.finding:{finding.pk}",
        recipients=tuple(User.objects.filter(enterprises=finding.enterprise_id, is_active=True)
                         .values_list("pk", flat=True)),
        title=f"{finding.enterprise} · {finding.substance}", url=finding.get_absolute_url(),
        due=finding.due_date if kind == "finding_opened" else None, actor=actor,
    )  # fmt: skip


def finding_resolve(*, finding: Finding, note: str, reason: str = "resolved") -> None:
    """The finding's cause is gone: mark it resolved (never deleted), the note saying why."""
    finding.status = FindingStatus.RESOLVED
    finding.note = "\n".join(t for t in (finding.note, note) if t)
    finding._change_reason = reason
    finding.save(update_fields=["status", "note", "updated_at"])


def finding_reopen(finding: Finding, today: date) -> None:
    """A resolved finding whose cause is back: open again, with new dates (never a second finding)."""
    finding.status = FindingStatus.OPEN
    finding.opened_on = today
    finding.due_date = today + timedelta(days=DUE_DAYS[Severity(finding.severity)])
    finding.note = (finding.note + "\n" if finding.note else "") + _(
        "Reopened on %(day)s: the compliance check finds the cause again."
    ) % {"day": today.isoformat()}
    finding._change_reason = "compliance run: reopened"
    finding.save(update_fields=["status", "opened_on", "due_date", "note", "updated_at"])
    _tell_enterprise("finding_opened", finding)


# --- the workflow ---------------------------------------------------------------------------------
def finding_submit_rectification(*, finding: Finding, user: User, text: str) -> Finding:
    """The enterprise (or its district for it) states what it did; an officer then verifies."""
    if not text.strip():
        raise ValidationError({"rectification": _("Describe the rectification.")})
    if finding.status not in (FindingStatus.OPEN, FindingStatus.RECTIFICATION_SUBMITTED):
        raise ValidationError(_("This finding is no longer open."))
    with transaction.atomic():
        finding.rectification = text.strip()
        finding.rectification_at = timezone.now()
        finding.status = FindingStatus.RECTIFICATION_SUBMITTED
        finding._change_reason = "rectification submitted"
        finding.save()
        ensure_visible(user, [finding], "change")
    return finding


def _officer(user: User) -> None:
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT):
        raise PermissionDenied(_("Only the bureau or the district verifies findings."))


def finding_close(*, finding: Finding, user: User, note: str = "") -> Finding:
    """An officer verifies the rectification and closes the finding."""
    _officer(user)
    if finding.status != FindingStatus.RECTIFICATION_SUBMITTED:
        raise ValidationError(_("Only a finding with a submitted rectification can be closed."))
    with transaction.atomic():
        finding.status = FindingStatus.CLOSED
        finding.closed_at, finding.closed_by = timezone.now(), user
        finding.note = "\n".join(t for t in (finding.note, note.strip()) if t)
        finding._change_reason = "verified and closed"
        finding.save()
        ensure_visible(user, [finding], "change")
        _tell_enterprise("finding_closed", finding, actor=user)
    return finding


def finding_escalate(*, finding: Finding, user: User, note: str) -> Finding:
    """An officer escalates an unresolved finding to an enforcement case."""
    _officer(user)
    if not note.strip():
        raise ValidationError({"note": _("Say why the finding goes to a case.")})
    if finding.status not in ACTIVE_STATUSES:
        raise ValidationError(_("This finding is no longer open."))
    with transaction.atomic():
        finding.status = FindingStatus.ESCALATED
        finding.note = "\n".join(t for t in (finding.note, note.strip()) if t)
        finding._change_reason = "escalated"
        finding.save()
        ensure_visible(user, [finding], "change")
    return finding


def finding_return(*, finding: Finding, user: User, note: str) -> Finding:
    """An officer rejects a rectification: the finding is open again, with the reason."""
    _officer(user)
    if finding.status != FindingStatus.RECTIFICATION_SUBMITTED or not note.strip():
        raise ValidationError(_("Give the reason for rejecting the rectification."))
    with transaction.atomic():
        finding.status = FindingStatus.OPEN
        finding.note = "\n".join(t for t in (finding.note, note.strip()) if t)
        finding._change_reason = "rectification rejected"
        finding.save()
        ensure_visible(user, [finding], "change")
    return finding
