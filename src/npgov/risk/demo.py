"""Demo data of the risk work: the demo expert in the pool, one ecological and one health assessment run."""

from __future__ import annotations

from npgov.capacity.selectors import expert_for_user
from npgov.capacity.services import expert_create
from npgov.core.models import User
from npgov.risk.execution import run_execute
from npgov.risk.models import AssessmentRun


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
        count = len(run.results.get("substances") or run.results.get("rows") or [])
        summary.append(f"{run.get_kind_display()}: {count}")
    return "; ".join(summary)
