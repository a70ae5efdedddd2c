"""Demo inspector pool and a published draw (``npgov demo`` only). Names are invented.

The bureau (demo login ``bureau``) made this quarter's draw; its tasks are due within the week, so a
reminder waits for the bureau and for the district where a drawn enterprise lies.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from npgov.core.models import DepartmentFunction, District, User
from npgov.core.selectors import department_by_function
from npgov.enforcement.inspections.models import InspectionDraw, Inspector
from npgov.enforcement.inspections.services import DrawRequest, draw_create, draw_publish

SURNAMES = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙".split()
DISTRICTS = ["210211", "210213", "210212", "210281", "210283", "210214"]
DEMO_SEED = "dalian-npgov-demo-1"
DUE_IN_DAYS = 6


def _dalian() -> District | None:
    """The demo city (the demo departments are Dalian's)."""
    return District.objects.filter(code="210200").first()


def create_inspection_demo() -> str:
    bureau = department_by_function(function=DepartmentFunction.ECOLOGY_ENVIRONMENT, city=_dalian())
    if bureau is None:
        return "no Dalian bureau"
    districts = {d.code: d for d in District.objects.filter(code__in=DISTRICTS)}
    for n, surname in enumerate(SURNAMES, start=1):
        Inspector.objects.get_or_create(
            badge=f"2102{n:04d}",
            defaults={"name": f"{surname}执法员（演示）", "department": bureau,
                      "district": districts[DISTRICTS[n % len(DISTRICTS)]]},
        )  # fmt: skip
    if InspectionDraw.objects.filter(seed=DEMO_SEED).exists():
        return "already present"
    author = User.objects.filter(username="bureau").first() or User.objects.get(username="admin")
    today = timezone.localdate()
    title = f"{today.year}年第{(today.month - 1) // 3 + 1}季度新污染物“双随机、一公开”抽查（演示）"
    request = DrawRequest(title=title, count=8, inspectors_per_task=2, due_date=today + timedelta(days=DUE_IN_DAYS),
                          seed=DEMO_SEED, obligations=("key_discharge",))  # fmt: skip
    try:
        draw = draw_create(request=request, user=author)
    except Exception as exc:  # noqa: BLE001  (no key discharge units without the survey demo)
        return f"no draw: {exc}"
    draw_publish(draw=draw, user=author)
    return f"{Inspector.objects.count()} inspectors; draw of {draw.tasks.count()} enterprises, seed {draw.seed}"
