"""Double-random draws, inspection tasks with checklists, inspection records and cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus
from npgov.compliance.selectors import enterprise_obligations, finding_enterprise_ids, finding_list, obligation_lists
from npgov.compliance.services import finding_close, finding_submit_rectification
from npgov.core.attachments import validate_attachment
from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.permissions import ensure_visible
from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionRecord, InspectionTask, Inspector
from npgov.enterprises.selectors import (
    enterprise_districts,
    enterprise_get,
    enterprise_list,
    enterprise_names,
    enterprise_operating,
)
from npgov.science import draws as drawing

if TYPE_CHECKING:
    from npgov.compliance.models import Finding
    from npgov.core.models import User
    from npgov.enterprises.models import Enterprise

CHECKLIST_BY_OBLIGATION = {
    "key_discharge": "核查新污染物排放监测及达标排放情况（重点排污单位）",
    "cleaner_production": "核查强制性清洁生产审核开展情况",
    "disclosure": "核查有毒有害物质环境信息依法披露情况",
    "permit": "核查排污许可证是否载明新污染物管控要求",
}
GENERAL_CHECKS = [
    ("survey", "核查化学物质环境信息调查填报内容的真实性"),
    ("ledger", "核查重点管控新污染物生产、使用、进出口台账"),
]


def _bureau(user: User) -> None:
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied(_("Only the bureau draws and publishes inspections."))


@dataclass(frozen=True)
class DrawRequest:
    title: str
    count: int
    inspectors_per_task: int
    due_date: date
    exclude_own_district: bool = True
    seed: str = ""
    districts: tuple[int, ...] = ()
    industries: tuple[int, ...] = ()
    obligations: tuple[str, ...] = ()
    with_open_findings: bool = False  # the risk filter: enterprises with active compliance findings


def draw_population(request: DrawRequest) -> list[int]:
    """Operating enterprises matching the filters (ids, sorted)."""
    enterprises = enterprise_operating()
    if request.districts:
        enterprises = enterprises.filter(district_id__in=request.districts) | enterprises.filter(
            district__parent_id__in=request.districts
        )
    if request.industries:
        enterprises = enterprises.filter(industry_id__in=request.industries)
    if request.with_open_findings:
        enterprises = enterprises.filter(pk__in=finding_enterprise_ids(statuses=ACTIVE_STATUSES))
    ids = set(enterprises.values_list("pk", flat=True))
    if request.obligations:
        lists = obligation_lists(enterprises=enterprise_list(ids=ids))
        ids = {e.enterprise.pk for key in request.obligations for e in lists.get(key, [])}
    return sorted(ids)


def _officers(pool: list[Inspector]) -> list[drawing.Officer]:
    """The pool as the draw sees it; a conflict line names an enterprise (every enterprise of that name)."""
    ids_by_name: dict[str, set[int]] = {}
    for pk, name in enterprise_names().items():
        ids_by_name.setdefault(name, set()).add(pk)
    return [
        drawing.Officer(id=i.pk, district=i.district_id,
                        conflicts=frozenset(pk for n in i.conflict_names() for pk in ids_by_name.get(n, ())))
        for i in pool
    ]  # fmt: skip


def draw_create(*, request: DrawRequest, user: User) -> InspectionDraw:
    """Draw enterprises and inspectors, keep the population, pool and seed, and create the tasks."""
    _bureau(user)
    if request.count < 1 or request.inspectors_per_task < 1:
        raise ValidationError(_("Draw at least one enterprise with at least one inspector."))
    population = draw_population(request)
    if not population:
        raise ValidationError(_("No operating enterprise matches these filters."))
    pool = list(Inspector.objects.filter(active=True).order_by("pk"))
    if len(pool) < request.inspectors_per_task:
        raise ValidationError(_("The inspector pool has fewer active inspectors than one task needs."))
    seed = request.seed.strip() or drawing.new_seed()
    districts = enterprise_districts(ids=population)
    officers = _officers(pool)
    picks = drawing.draw(seed=seed, population=population, pool=officers, count=request.count,
                         per_task=request.inspectors_per_task, district_of=districts,
                         exclude_own_district=request.exclude_own_district)  # fmt: skip
    with transaction.atomic():
        draw = InspectionDraw.objects.create(
            title=request.title, seed=seed, enterprise_count=request.count,
            inspectors_per_task=request.inspectors_per_task, exclude_own_district=request.exclude_own_district,
            due_date=request.due_date, population=population, created_by=user,
            pool=[{"id": o.id, "district": o.district, "conflicts": sorted(o.conflicts)} for o in officers],
            districts={str(k): v for k, v in districts.items()},
            selection=[{"enterprise": p.enterprise, "inspectors": list(p.inspectors), "shortfall": p.shortfall}
                       for p in picks],
            filters={"districts": list(request.districts), "industries": list(request.industries),
                     "obligations": list(request.obligations), "with_open_findings": request.with_open_findings},
        )  # fmt: skip
        for pick in picks:
            task = InspectionTask.objects.create(
                draw=draw, enterprise_id=pick.enterprise, due_date=request.due_date,
                checklist=checklist_for(enterprise_get(pk=pick.enterprise)),
            )  # fmt: skip
            task.inspectors.set(pick.inspectors)
    return draw


def draw_reproduce(draw: InspectionDraw) -> bool:
    """Recompute the selection from the published seed and the kept snapshots only; True if identical.

    Everything needed is in the draw (and its API record): seed, population, the pool with each officer's
    district and conflicts as they were, and each enterprise's district.
    """
    pool = [drawing.Officer(id=o["id"], district=o["district"], conflicts=frozenset(o["conflicts"]))
            for o in draw.pool]  # fmt: skip
    districts = {int(k): v for k, v in draw.districts.items()}
    picks = drawing.draw(seed=draw.seed, population=draw.population, pool=pool, count=draw.enterprise_count,
                         per_task=draw.inspectors_per_task, district_of=districts,
                         exclude_own_district=draw.exclude_own_district)  # fmt: skip
    again = [{"enterprise": p.enterprise, "inspectors": list(p.inspectors), "shortfall": p.shortfall} for p in picks]
    return again == draw.selection


def draw_publish(*, draw: InspectionDraw, user: User) -> InspectionDraw:
    _bureau(user)
    draw.published = True
    draw._change_reason = "published"
    draw.save(update_fields=["published", "updated_at"])
    return draw


def checklist_for(enterprise: Enterprise) -> list[dict[str, str]]:
    """The inspection checklist: general checks, one per obligation, one per active finding."""
    items = [{"key": key, "text": text} for key, text in GENERAL_CHECKS]
    for duty, _entry in enterprise_obligations(enterprise=enterprise):
        items.append({"key": f"obligation:{duty.key}", "text": CHECKLIST_BY_OBLIGATION[duty.key]})
    for finding in finding_list(enterprise=enterprise, statuses=ACTIVE_STATUSES):
        items.append({"key": f"finding:{finding.pk}", "text": f"核查整改：{finding.substance} — {finding.explanation}"})
    return items


ANSWERS = ("ok", "problem", "na")


def inspection_record(
    *, task: InspectionTask, user: User, inspected_on: date, observations: str, answers: dict[str, str],
    verified_findings: list[Finding], attachments: list[tuple[Any, str]] = (),
) -> InspectionRecord:  # fmt: skip
    """Record the inspection; findings verified as rectified on site are closed with the record as evidence."""
    if hasattr(task, "record"):
        raise ValidationError(_("This inspection is already recorded."))
    if not observations.strip():
        raise ValidationError({"observations": _("Describe what was found on site.")})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("The inspection date cannot be in the future.")})
    keys = {item["key"] for item in task.checklist}
    unknown = set(answers) - keys
    if unknown or any(value not in ANSWERS for value in answers.values()):
        raise ValidationError(_("The checklist answers do not match the task."))
    for file, _caption in attachments:
        validate_attachment(file)  # by content, against the allow-list, size-capped (also when not from the form)
    outcome = InspectionRecord.Outcome.PROBLEMS if "problem" in answers.values() else InspectionRecord.Outcome.COMPLIANT
    with transaction.atomic():
        record = InspectionRecord.objects.create(task=task, inspected_on=inspected_on, outcome=outcome,
                                                 checklist_answers=answers, observations=observations.strip(),
                                                 recorded_by=user)  # fmt: skip
        for file, caption in attachments:
            record.attachments.create(file=file, caption=caption[:200])
        for finding in verified_findings:
            if finding.enterprise_id != task.enterprise_id:
                raise ValidationError(_("A finding of another enterprise cannot be verified here."))
            if finding.status == FindingStatus.OPEN:
                finding_submit_rectification(finding=finding, user=user, text=observations)
            finding_close(finding=finding, user=user, note=_("Verified on site, inspection of %(day)s.")
                          % {"day": inspected_on.isoformat()})  # fmt: skip
            record.findings_closed.add(finding)
        task.status = InspectionTask.Status.DONE
        task.save(update_fields=["status", "updated_at"])
        ensure_visible(user, [record], "add")
    return record


def case_open(*, enterprise: Enterprise, user: User, number: str, facts: str, legal_basis: str = "",
              task: InspectionTask | None = None, finding: Finding | None = None) -> Case:  # fmt: skip
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT):
        raise PermissionDenied(_("Only the bureau or the district opens cases."))
    if not facts.strip() or not number.strip():
        raise ValidationError(_("A case needs its number and the facts."))
    with transaction.atomic():
        case = Case.objects.create(
            number=number.strip(), enterprise=enterprise, task=task, finding=finding, opened_on=timezone.localdate(),
            facts=facts.strip(), legal_basis=legal_basis,
        )  # fmt: skip
        ensure_visible(user, [case], "add")
    return case
