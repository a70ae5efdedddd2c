"""Both seed plans are loaded faithfully: every numbered task and safeguard with its departments as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from npgov.workplan.models import Kpi, Plan, Task
from npgov.workplan.services.loading import DATA_DIR, workplan_load
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_text(name: str) -> str:
    return re.sub(r"\s+", "", (SEEDS / name).read_text(encoding="utf-8"))


def departments(task: Task, role: str) -> list[str]:
    return [a.department.short_name_zh for a in task.assignments.filter(role=role).select_related("department")]


def test_both_plans_have_every_task_and_safeguard(org: None) -> None:
    dalian, lianyungang = Plan.objects.get(key="dalian-2023"), Plan.objects.get(key="lianyungang-2023")
    assert dalian.tasks.filter(kind="task").count() == 11 and dalian.tasks.filter(kind="safeguard").count() == 4
    assert (
        lianyungang.tasks.filter(kind="task").count() == 15 and lianyungang.tasks.filter(kind="safeguard").count() == 4
    )
    assert lianyungang.document_number == "连政办发〔2023〕34号"


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed documents live in ../shared/seeds")
def test_every_task_title_and_text_stands_in_the_seed_document(org: None) -> None:
    for key, name in (("dalian-2023", "000_035a774150f79764.txt"), ("lianyungang-2023", "002_3fce79b67309d8f9.txt")):
        text = seed_text(name)
        for task in Task.objects.filter(plan__key=key):
            assert task.title_zh in text, task.key
            assert task.text_zh.replace("\n", "")[:40] in text, task.key


@pytest.mark.parametrize(
    ("key", "lead", "co"),
    [
        (
            "D-T01",
            ["市生态环境局"],
            ["市工业和信息化局", "市农业农村局", "市商务局", "市卫生健康委", "大连海关", "市市场监管局"],
        ),
        ("D-T10", ["市科技局"], ["市生态环境局", "市卫生健康委"]),
        ("L-T11", [], ["市农业农村局", "市供销社", "市生态环境局"]),
        (
            "L-T01",
            ["市生态环境局"],
            [
                "市发改委",
                "市科技局",
                "市工信局",
                "市财政局",
                "市住建局",
                "市城管局",
                "市农业农村局",
                "市商务局",
                "市卫健委",
                "市市场监管局",
                "连云港海关",
            ],
        ),
    ],
)
def test_departments_are_exactly_as_written(org: None, key: str, lead: list[str], co: list[str]) -> None:
    task = Task.objects.get(key=key)
    assert departments(task, "lead") == lead
    assert departments(task, "co") == co


def test_the_numeric_targets_are_kpis(org: None) -> None:
    dalian = Kpi.objects.get(plan__key="dalian-2023", key="pesticide-packaging-recovery-rate")
    assert (dalian.target, dalian.unit, dalian.direction, str(dalian.deadline)) == (80, "%", ">=", "2025-12-31")
    assert Kpi.objects.filter(plan__key="lianyungang-2023", calculator="").count() == 3


def test_loading_again_changes_nothing(org: None) -> None:
    task = Task.objects.get(key="D-T01")
    history = task.history.count()
    counts = workplan_load(path=DATA_DIR / "dalian.yaml")
    assert counts == {"plan": 0, "tasks": 0, "kpis": 0}
    assert task.history.count() == history


def test_an_unknown_department_is_refused_with_its_name(org: None, tmp_path: Path) -> None:
    from npgov.workplan.services.loading import PlanFileError

    text = (DATA_DIR / "dalian.yaml").read_text(encoding="utf-8").replace('lead: ["市科技局"]', 'lead: ["市宇宙局"]', 1)
    path = tmp_path / "dalian.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError, match="市宇宙局"):
        workplan_load(path=path)
    assert departments(Task.objects.get(key="D-T10"), "lead") == ["市科技局"]


def test_non_ascii_digits_in_the_query_are_ignored(personas: Personas) -> None:
    response = client_for(personas.bureau).get(reverse("workplan:plan_list"), {"page": "²", "per_page": "²"})
    assert response.status_code == 200
