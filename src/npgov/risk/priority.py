"""The local priority list: draft from a run's ranking → expert review → publication as a regulatory list.

Publication writes ``CITY-<district code>-PRIORITY-<year>`` through the same writer as the national list files
(``regulations.services.loading.regulatory_list_store``), so classification, surveys and compliance see it like
any other list, and a second publication for the same city and year becomes a new revision.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from npgov.core.choices import Role
from npgov.core.models import District, User
from npgov.core.signals import emit
from npgov.regulations.choices import ListKind
from npgov.regulations.selectors import regulatory_list_current
from npgov.regulations.services.loading import regulatory_list_store
from npgov.risk.labels import ACTION_CATEGORY_LABELS
from npgov.risk.models import AssessmentRun, PriorityDraft, PriorityItem, PriorityReview
from npgov.risk.results import section_rows
from npgov.substances.selectors import substance_list, substances_by_id

if TYPE_CHECKING:
    from npgov.capacity.models import Expert

DEFAULT_SIZE = 20


class PriorityError(ValueError):
    """A step of the priority-list workflow that cannot be taken now; the message is localised."""


@transaction.atomic
def draft_from_run(
    *, run: AssessmentRun, district: District, year: int, title: str, user: User, size: int = DEFAULT_SIZE
) -> PriorityDraft:
    """A draft holding the ``size`` highest-scoring substances of an ecological run (score > 0), in rank order."""
    if run.kind != AssessmentRun.Kind.ECOLOGICAL or run.status != AssessmentRun.Status.DONE:
        raise PriorityError(_("A priority list is drafted from a finished ecological assessment run."))
    ranked = [p for p in section_rows(run, "substances") if (p.get("risk_score") or 0) > 0]
    # by id (runs since this version record it; a substance without CAS RN is keyed by its id), else by CAS RN
    by_id = substances_by_id(ids=[p["substance_id"] for p in ranked if p.get("substance_id")])
    by_cas = {s.cas: s for s in substance_list(cas=[p["cas"] for p in ranked])}
    draft = PriorityDraft(title=title, run=run, district=district, year=year, created_by=user)
    draft._history_user = user
    draft.save()
    items = []
    for p in ranked:
        substance = by_id.get(int(p.get("substance_id") or 0)) or by_cas.get(p["cas"])
        if substance is None or len(items) >= size:
            continue
        eoe = p.get("extent_of_exceedance")
        rationale = _("FoE %(foe).2f, EoE %(eoe)s, risk score %(score).2f, action category %(cat)s (%(label)s)") % {
            "foe": p["frequency_of_exceedance"], "eoe": f"{eoe:.3g}" if eoe is not None else "—",
            "score": p["risk_score"], "cat": p["category"], "label": ACTION_CATEGORY_LABELS.get(p["category"], ""),
        }  # fmt: skip
        items.append(PriorityItem(draft=draft, substance=substance, rank=len(items) + 1, risk_score=p["risk_score"],
                                  category=p["category"], rationale=rationale))  # fmt: skip
    if not items:
        raise PriorityError(_("The run ranks no substance with a risk score above 0: there is nothing to list."))
    bulk_create_with_history(items, PriorityItem, default_user=user, default_change_reason="drafted from run")
    return draft


@transaction.atomic
def experts_assign(*, draft: Any, experts: list[Expert], user: User) -> int:
    """Ask ``experts`` to review the draft (those already asked are skipped); the draft goes to review."""
    if draft.status not in (PriorityDraft.Status.DRAFT, PriorityDraft.Status.REVIEW):
        raise PriorityError(_("Experts can only be assigned before publication."))
    without_account = [e.name for e in experts if e.user_id is None]
    if without_account:
        raise PriorityError(_("%(names)s cannot review: no platform account is linked to them in the expert pool.")
                            % {"names": "、".join(without_account)})  # fmt: skip
    asked = set(draft.reviews.values_list("expert_id", flat=True))
    created = 0
    for expert in experts:
        if expert.pk in asked:
            continue
        review = PriorityReview(draft=draft, expert=expert)
        review._history_user = user
        review.save()
        created += 1
        emit("review_assigned", key=f"risk.priorityreview:{review.pk}",
             recipients=(expert.user_id,) if expert.user_id else (), title=draft.title,
             url=draft.get_absolute_url(), actor=user)  # fmt: skip
    if draft.status == PriorityDraft.Status.DRAFT and draft.reviews.exists():
        draft.status = PriorityDraft.Status.REVIEW
        draft._history_user = user
        draft.save(update_fields=["status", "updated_at"])
    return created


@transaction.atomic
def items_select(*, draft: Any, included_ids: set[int], user: User) -> int:
    """Put exactly ``included_ids`` on the list; when that changes the list, submitted reviews go back to pending.

    Experts sign off on a selection: a review of another selection does not count for publication.
    """
    draft = PriorityDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.status not in (PriorityDraft.Status.DRAFT, PriorityDraft.Status.REVIEW):
        raise PriorityError(_("A published or withdrawn list cannot be changed; draft a new one."))
    changed = 0
    for item in draft.items.all():
        if item.included != (item.pk in included_ids):
            item.included = item.pk in included_ids
            item._history_user = user
            item.save(update_fields=["included", "updated_at"])
            changed += 1
    if changed:
        for review in draft.reviews.exclude(verdict=PriorityReview.Verdict.PENDING):
            review.verdict, review.submitted_at = PriorityReview.Verdict.PENDING, None
            review._history_user = user
            review._change_reason = "the selection changed after this review"
            review.save()
    return changed


@transaction.atomic
def review_submit(*, review: Any, verdict: str, comment: str, user: User) -> Any:
    """Record an expert's verdict and comment; a verdict other than 'agree' needs a comment."""
    if review.draft.status != PriorityDraft.Status.REVIEW:
        raise PriorityError(_("This draft is not in review."))
    if verdict not in PriorityReview.Verdict.values or verdict == PriorityReview.Verdict.PENDING:
        raise PriorityError(_("Choose a verdict."))
    if verdict != PriorityReview.Verdict.AGREE and not comment.strip():
        raise PriorityError(_("Say what should change: a comment is required unless you agree."))
    review.verdict, review.comment, review.submitted_at = verdict, comment.strip(), timezone.now()
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def draft_withdraw(*, draft: Any, user: User) -> PriorityDraft:
    """Withdraw an unpublished draft (kept with its reviews for the record); a published list stays published."""
    draft = PriorityDraft.objects.select_for_update().get(pk=draft.pk)  # not while it is being published
    if draft.status not in (PriorityDraft.Status.DRAFT, PriorityDraft.Status.REVIEW):
        raise PriorityError(_("Only an unpublished draft can be withdrawn."))
    draft.status = PriorityDraft.Status.WITHDRAWN
    draft._history_user = user
    draft.save(update_fields=["status", "updated_at"])
    return draft


def publication_blockers(draft: Any, *, response: str = "") -> list[str]:
    """Why the draft cannot be published yet (empty when it can); a dissenting review needs the bureau's response."""
    reasons = []
    if draft.status != PriorityDraft.Status.REVIEW:
        reasons.append(_("The draft must be in expert review."))
    reviews = list(draft.reviews.all())
    if not reviews:
        reasons.append(_("No expert has been asked to review it."))
    pending = [r for r in reviews if r.verdict == PriorityReview.Verdict.PENDING]
    if pending:
        reasons.append(_("%(n)s review(s) not yet submitted.") % {"n": len(pending)})
    if not draft.items.filter(included=True).exists():
        reasons.append(_("No substance is on the list."))
    if any(r.verdict == PriorityReview.Verdict.DISAGREE for r in reviews) and not response.strip():
        reasons.append(_("An expert disagrees: publishing needs the bureau's response to the dissent."))
    return reasons


@transaction.atomic
def draft_publish(*, draft: Any, user: User, response: str = "") -> Any:
    """Publish the draft as the regulatory list CITY-<district code>-PRIORITY-<year>; returns the list."""
    draft = PriorityDraft.objects.select_for_update().get(pk=draft.pk)
    blockers = publication_blockers(draft, response=response)
    if blockers:
        raise PriorityError(" ".join(blockers))
    today = timezone.localdate()
    meta = {
        "code": draft.list_code, "kind": ListKind.LOCAL_PRIORITY,
        "title_zh": f"{draft.district.name_zh}新污染物优先控制清单（{draft.year}年）",
        "title_en": f"{draft.district.name_en or draft.district.code} local priority list ({draft.year})",
        "issuer_zh": f"{draft.district.name_zh}生态环境局", "published": today, "effective": today,
        "version": str(draft.year), "verified": True,
        # stored text, the same whatever the publisher's language
        "source": {"title": draft.title, "note": (
            f"由NPGov草案{draft.pk}发布（评估批次{draft.run_id}，摘要{draft.run.digest[:12]}），经{draft.reviews.count()}"
            f"位专家评审。Published in NPGov from draft {draft.pk} (assessment run {draft.run_id}, digest "
            f"{draft.run.digest[:12]}) after review by {draft.reviews.count()} expert(s).")},
    }  # fmt: skip
    entries = []
    for position, item in enumerate(draft.items.filter(included=True).select_related("substance"), start=1):
        substance = item.substance
        entries.append({
            "item": str(position), "name_zh": substance.name_zh, "name_en": substance.name_en or "",
            "kind": "single", "note": item.rationale, "source": draft.title,
            "members": [{"cas": substance.cas or "", "name_zh": substance.name_zh, "name_en": substance.name_en or "",
                         "substance_id": substance.pk}],
            "measures": [{"kind": "monitoring", "text_zh": "纳入本地新污染物环境监测，评估管控成效。",
                          "text_en": "Included in local new-pollutant monitoring to follow the effect of controls."}],
        })  # fmt: skip
    content = json.dumps({"meta": meta, "entries": entries}, sort_keys=True, default=str, ensure_ascii=False)
    regulatory_list_store(meta=meta, entries=entries, sha256=hashlib.sha256(content.encode()).hexdigest(),
                          origin=f"published from priority draft {draft.pk}", user=user)  # fmt: skip
    published = regulatory_list_current(code=draft.list_code)
    draft.status, draft.published_list, draft.published_at = PriorityDraft.Status.PUBLISHED, published, timezone.now()
    if response.strip():
        draft.note = "\n".join(filter(None, [draft.note, response.strip()]))
    draft._history_user = user
    draft.save()
    readers = User.objects.filter(is_active=True, role__in=(Role.BUREAU, Role.DEPARTMENT))
    emit("priority_list_published", key=f"risk.prioritydraft:{draft.pk}",
         recipients=tuple(readers.values_list("pk", flat=True)), title=draft.title, url=draft.get_absolute_url(),
         actor=user)  # fmt: skip
    return published
