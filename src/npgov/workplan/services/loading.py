"""Loading a city's work plan from its YAML file (workplan/data/<city>.yaml), idempotently."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from npgov.core.models import Department, District
from npgov.workplan.choices import AssignmentRole
from npgov.workplan.models import Kpi, Milestone, Plan, Task, TaskAssignment

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REASON = "加载工作方案 (npgov workplan load)"


class PlanFileError(ValueError):
    """A plan file that cannot be loaded; the message names the file, the task and the problem."""


def plan_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def _department_index(city: District) -> dict[str, Department]:
    """Every name a department of the city goes by (full, as in the plan, aliases) → the department."""
    index: dict[str, Department] = {}
    for department in Department.objects.filter(city=city):
        for name in department.names():
            index[name] = department
    return index


def _departments(path: Path, task: dict[str, Any], index: dict[str, Department]) -> list[tuple[Department, str]]:
    assigned: list[tuple[Department, str]] = []
    for role, names in (
        (AssignmentRole.LEAD, task.get("lead") or []),
        (AssignmentRole.CO, task.get("co_responsible") or []),
    ):
        for name in names:
            if name not in index:
                raise PlanFileError(f"{path.name}: task {task['key']}: no department named {name!r} in this city")
            if all(index[name] != d for d, _ in assigned):
                assigned.append((index[name], role))
    return assigned


def _save(obj: Any, values: dict[str, Any]) -> bool:
    """Set values on a record; save (with history) only when something changed."""
    changed = obj.pk is None or any(getattr(obj, k) != v for k, v in values.items())
    if changed:
        for key, value in values.items():
            setattr(obj, key, value)
        obj.full_clean()
        obj._change_reason = REASON
        obj.save()
    return changed


@transaction.atomic
def workplan_load(*, path: Path) -> dict[str, int]:
    """Create or update one plan with its tasks, departments, milestones and KPIs. Writes history."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = data["plan"]
    city = District.objects.filter(code=meta["city_code"]).first()
    if city is None:
        raise PlanFileError(f"{path.name}: city {meta['city_code']} is not loaded (run npgov reference first)")
    plan = Plan.objects.filter(key=meta["key"]).first() or Plan(key=meta["key"])
    counts = {
        "plan": int(
            _save(
                plan,
                {
                    "city": city,
                    "title_zh": meta["title_zh"],
                    "title_en": meta.get("title_en", ""),
                    "document_number": meta.get("document_number", "") or "",
                    "issued": meta.get("issued"),
                    "goals_zh": meta.get("goals_zh", "") or "",
                    "source": meta.get("source", ""),
                    "note": meta.get("note", ""),
                },
            )
        ),
        "tasks": 0,
        "kpis": 0,
    }
    sections = {s["key"]: s["title_zh"] for s in data.get("sections", [])}
    index = _department_index(city)
    for position, item in enumerate(data["tasks"]):
        counts["tasks"] += _load_task(path, plan, position, item, sections, index)
        for kpi in item.get("kpis") or []:
            counts["kpis"] += _load_kpi(plan, Task.objects.get(key=item["key"]), kpi)
    return counts


def _load_task(
    path: Path, plan: Plan, position: int, item: dict[str, Any], sections: dict[str, str], index: dict[str, Department]
) -> int:
    task = Task.objects.filter(key=item["key"]).first() or Task(key=item["key"])
    changed = _save(
        task,
        {
            "plan": plan,
            "position": position,
            "number": item["number"],
            "kind": item["kind"],
            "section_title": sections.get(item.get("section"), ""),
            "group_zh": item.get("group_zh") or "",
            "title_zh": item["title_zh"],
            "text_zh": item["text_zh"],
            "responsibility_text_zh": item.get("responsibility_text_zh", ""),
            "open_ended": bool(item.get("open_ended")),
            "district_responsibility": bool(item.get("district_responsibility")),
            "modules": item.get("modules") or [],
        },
    )
    wanted = _departments(path, item, index)
    current = [(a.department, a.role) for a in task.assignments.select_related("department")]
    if current != wanted:
        task.assignments.all().delete()
        TaskAssignment.objects.bulk_create(
            [TaskAssignment(task=task, department=d, role=r, position=i) for i, (d, r) in enumerate(wanted)]
        )
        changed = True
    milestones = [
        (
            m["date"] if isinstance(m["date"], date) else date.fromisoformat(str(m["date"])),
            m["text_zh"],
            m.get("what_zh", ""),
        )
        for m in item.get("deadlines") or []
    ]
    if sorted(milestones) != sorted(task.milestones.values_list("date", "text_zh", "what_zh")):
        task.milestones.all().delete()
        Milestone.objects.bulk_create([Milestone(task=task, date=d, text_zh=t, what_zh=w) for d, t, w in milestones])
        changed = True
    return int(changed)


def _load_kpi(plan: Plan, task: Task, item: dict[str, Any]) -> int:
    kpi = Kpi.objects.filter(plan=plan, key=item["key"]).first() or Kpi(plan=plan, key=item["key"])
    return int(
        _save(
            kpi,
            {
                "task": task,
                "name_zh": item["name_zh"],
                "target": float(item["target"]),
                "unit": item.get("unit", ""),
                "direction": item.get("direction", ">="),
                "deadline": item.get("deadline"),
                "text_zh": item.get("text_zh", ""),
                "scope_level": item.get("scope", "district"),
            },
        )
    )


def platform_kpis_load(*, path: Path | None = None) -> int:
    """Create or update the platform-computed KPIs of every loaded plan (idempotent)."""
    data = yaml.safe_load((path or DATA_DIR / "kpis" / "platform.yaml").read_text(encoding="utf-8"))
    changed = 0
    for plan in Plan.objects.all():
        for item in data["kpis"]:
            kpi = Kpi.objects.filter(plan=plan, key=item["key"]).first() or Kpi(plan=plan, key=item["key"])
            changed += int(
                _save(
                    kpi,
                    {
                        "task": None,
                        "name_zh": item["name_zh"],
                        "target": float(item["target"]),
                        "unit": item.get("unit", ""),
                        "direction": item.get("direction", ">="),
                        "deadline": item.get("deadline"),
                        "text_zh": "",
                        "scope_level": item.get("scope", "district"),
                        "calculator": item["calculator"],
                        "source": item.get("source", ""),
                    },
                )
            )
    return changed


def workplans_load() -> dict[str, dict[str, int]]:
    loaded = {path.stem: workplan_load(path=path) for path in plan_files()}
    platform_kpis_load()
    return loaded
