"""factory_boy factories of the workplan app (the shipped plans of Dalian and Lianyungang are reference data)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from npgov.core.models import Department, District
from npgov.workplan.models import (
    Circular,
    EvaluationSnapshot,
    Indicator,
    IndicatorRecord,
    Kpi,
    KpiValue,
    Milestone,
    Plan,
    ProgressReport,
    ProgressRequest,
    SupervisionOrder,
    Task,
    TaskAssignment,
)
from tests.core.factories import UserFactory


def _eeb() -> Department:
    return Department.objects.get(code="dl-eeb")


def _ganjingzi() -> District:
    return District.objects.get(code="210211")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    key = factory.Sequence(lambda n: f"test-plan-{n}")
    city = factory.LazyFunction(lambda: District.objects.get(code="210200"))
    title_zh = factory.Sequence(lambda n: f"测试工作方案{n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"TEST-T{n:03d}")
    position = factory.Sequence(lambda n: n)
    number = factory.Sequence(lambda n: f"（{n + 1}）")
    kind = "task"
    title_zh = factory.Sequence(lambda n: f"测试任务{n}")
    text_zh = "开展新污染物调查评估。"


class TaskAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAssignment

    task = factory.SubFactory(TaskFactory)
    department = factory.LazyFunction(_eeb)
    role = "lead"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    task = factory.SubFactory(TaskFactory)
    date = datetime.date(2025, 12, 31)
    text_zh = "2025年年底前"
    what_zh = "完成首轮调查。"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"test-kpi-{n}")
    name_zh = factory.Sequence(lambda n: f"测试指标{n}")
    target = 80.0
    unit = "%"
    direction = ">="
    deadline = datetime.date(2025, 12, 31)


class KpiValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiValue

    kpi = factory.SubFactory(KpiFactory)
    district = factory.LazyFunction(_ganjingzi)
    period_end = datetime.date(2025, 12, 31)
    value = 85.0


class ProgressRequestFactory(factory.django.DjangoModelFactory):
    """A progress dispatch (调度); ``progress_request_issue`` also creates the reports it asks for."""

    class Meta:
        model = ProgressRequest

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"第{n}次调度")
    period_start = datetime.date(2026, 7, 1)
    period_end = datetime.date(2026, 9, 30)
    due_date = datetime.date(2026, 10, 15)
    issued_by = factory.SubFactory(UserFactory, role="bureau")


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A department's (unanswered) report on a task of the request's plan."""

    class Meta:
        model = ProgressReport

    request = factory.SubFactory(ProgressRequestFactory)
    task = factory.SubFactory(TaskFactory, plan=factory.SelfAttribute("..request.plan"))
    department = factory.LazyFunction(_eeb)


class SupervisionOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionOrder

    task = factory.SubFactory(TaskFactory)
    department = factory.LazyFunction(_eeb)
    deadline = datetime.date(2026, 12, 31)
    text = "请加快推进。"
    issued_by = factory.SubFactory(UserFactory, role="bureau")


class CircularFactory(factory.django.DjangoModelFactory):
    """A circular with one row as ``circular_rows`` writes them (``circular_issue`` computes the real ones)."""

    class Meta:
        model = Circular

    request = factory.SubFactory(ProgressRequestFactory)
    title = factory.Sequence(lambda n: f"通报{n}")
    rows = factory.LazyFunction(
        lambda: [{"kind": "department", "department": "市生态环境局", "asked": 1, "on_time": 1, "late": 0,
                  "missing": 0, "percent": 100}]
    )  # fmt: skip
    issued_by = factory.SubFactory(UserFactory, role="bureau")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    key = factory.Sequence(lambda n: f"test-indicator-{n}")
    name_zh = factory.Sequence(lambda n: f"测试部门指标{n}")
    department_names = factory.LazyFunction(lambda: ["市生态环境局"])
    fields = factory.LazyFunction(lambda: [{"key": "count", "name_zh": "数量", "unit": "个", "integer": True}])


class IndicatorRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorRecord

    indicator = factory.SubFactory(IndicatorFactory)
    district = factory.LazyFunction(_ganjingzi)
    department = factory.LazyFunction(_eeb)
    period_end = datetime.date(2025, 12, 31)
    values = factory.LazyFunction(lambda: {"count": 3})
    entered_by = factory.SubFactory(UserFactory, role="department", department=factory.SelfAttribute("..department"))


class EvaluationSnapshotFactory(factory.django.DjangoModelFactory):
    """A frozen evaluation with the figures the service would freeze (the pages render them)."""

    class Meta:
        model = EvaluationSnapshot

    plan = factory.SubFactory(PlanFactory)
    year = 2025
    frozen_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC))
    frozen_by = factory.SubFactory(UserFactory, role="bureau")
    frozen_by_name = "王科长"

    @classmethod
    def _create(cls, model_class: type[EvaluationSnapshot], *args: Any, **kwargs: Any) -> EvaluationSnapshot:
        from npgov.workplan.figures import digest_of, evaluation_figures

        if "figures" not in kwargs:
            kwargs["figures"], kwargs["inputs"] = evaluation_figures(plan=kwargs["plan"], year=kwargs["year"])
            kwargs["digest"] = digest_of(kwargs["figures"])
        return super()._create(model_class, *args, **kwargs)
