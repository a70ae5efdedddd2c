"""Demo data of the risk work: the demo expert in the pool, one ecological and one health assessment run, and a
local priority-list draft from the ecological run that the demo expert (login ``expert``) was asked to review
nine days ago, so that the review falls due within the week and a reminder is waiting.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from npgov.capacity.selectors import expert_for_user
from npgov.capacity.services import expert_create
from npgov.core.models import District, User
from npgov.risk.execution import run_execute
from npgov.risk.models import AssessmentRun, PriorityDraft, PriorityReview
from npgov.risk.priority import PriorityError, draft_from_run, experts_assign
from npgov.risk.results import ranked_count

ASKED_DAYS_AGO = 9  # an expert has 14 days (risk.workspace.REVIEW_DAYS): due in five days
DRAFT_TITLE = "大连市重点管控新污染物补充清单（征求专家意见稿，演示）"


def create_risk_demo() -> str:
    expert_user = User.objects.filter(username="expert").first()
    if expert_user is not None and expert_for_user(user=expert_user) is None:
        expert_create(name="刘教授", affiliation="大连海事大学环境科学与工程学院", title="教授",
                      fields="风险评估；抗生素；全氟化合物", user=expert_user)  # fmt: skip
    if AssessmentRun.objects.exists():
        return "already present"
    bureau = User.objects.filter(username="bureau").first()
    runs = [
        AssessmentRun(title="大连市地表水新污染物生态风险评估（演示）", kind=AssessmentRun.Kind.ECOLOGICAL,
                      mec_statistic="p95", created_by=bureau),
        AssessmentRun(title="集中式饮用水水源地新污染物健康风险评估（演示）", kind=AssessmentRun.Kind.HEALTH,
                      mec_statistic="p95", created_by=bureau),
    ]  # fmt: skip
    summary = []
    for run in runs:
        run.save()
        run_execute(run)
        count = ranked_count(run)
        summary.append(f"{run.get_kind_display()}: {count}")
    summary.append(_review_request(runs[0], bureau, expert_user))
    return "; ".join(summary)


def _review_request(run: AssessmentRun, bureau: User | None, expert_user: User | None) -> str:
    """A priority-list draft from the ecological run, under review by the demo expert (asked nine days ago)."""
    expert = expert_for_user(user=expert_user) if expert_user is not None else None
    city = District.objects.filter(code="210200").first()
    if bureau is None or expert is None or city is None:
        return "no review (no bureau, expert or city)"
    run.refresh_from_db()
    today = timezone.localdate()
    try:
        draft = draft_from_run(run=run, district=city, year=today.year, title=DRAFT_TITLE, user=bureau)
        experts_assign(draft=draft, experts=[expert], user=bureau)
    except PriorityError as exc:
        return f"no review: {exc}"
    asked = timezone.now() - timedelta(days=ASKED_DAYS_AGO)
    PriorityReview.objects.filter(draft=draft).update(updated_at=asked)  # as if asked nine days ago
    PriorityDraft.objects.filter(pk=draft.pk).update(updated_at=asked)
    return f"priority draft of {draft.items.count()} substances under review by {expert}"
