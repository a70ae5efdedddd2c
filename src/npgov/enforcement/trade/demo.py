"""Demo import/export checks (``npgov demo`` only): twenty declared imports and exports checked by 大连海关.

One is a violation: PFOS exported without a release notice by the compliance demo's exporter. Every
name, number and value is invented; "（演示）" marks them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from npgov.core.models import DepartmentFunction, District
from npgov.core.selectors import department_by_function
from npgov.enforcement.trade.models import TradeCheck
from npgov.enforcement.trade.services import trade_check_release_notice_error, trade_check_saved
from npgov.enterprises.selectors import enterprise_list
from npgov.substances.selectors import substance_by_cas

# day offset, direction, HS code, CAS RN, purpose, quantity (kg), release notice, enterprise (None: the PFOS exporter)
TRADE = [
    (5, "export", "29031200", "75-09-2", "工业清洗溶剂", "16000", "", "大连海辰化工进出口有限公司（演示）"),
    (12, "import", "29031300", "67-66-3", "医药中间体原料", "8000", "", "大连康源医药化工有限公司（演示）"),
    (20, "export", "29032200", "79-01-6", "金属脱脂剂", "12000", "", "大连海辰化工进出口有限公司（演示）"),
    (33, "import", "29032300", "127-18-4", "干洗溶剂", "4000", "", "大连洁丽洗涤用品有限公司（演示）"),
    (41, "import", "28054000", "7439-97-6", "仪器仪表校准", "50", "（演示）HXJ-2024-0031",
     "大连精测仪器有限公司（演示）"),
    (55, "export", "29072300", "80-05-7", "环氧树脂原料", "20000", "", "大连树脂材料有限公司（演示）"),
    (63, "import", "29173200", "117-81-7", "电缆料增塑剂", "15000", "", "大连线缆材料有限公司（演示）"),
    (70, "export", "38249999", "85535-84-8", "金属加工液（许可用途）", "3000", "（演示）HXC-2024-0102",
     "大连海辰化工进出口有限公司（演示）"),
    (84, "import", "29093090", "1163-19-5", "阻燃剂（许可用途）", "1000", "（演示）HXJ-2024-0057",
     "大连阻燃材料有限公司（演示）"),
    (92, "export", "29043100", "1763-23-1", "表面活性剂中间体", "500", "", None),
    (101, "import", "29031200", "75-09-2", "工业清洗溶剂", "9000", "", "大连康源医药化工有限公司（演示）"),
    (115, "export", "29031300", "67-66-3", "医药中间体原料", "6000", "", "大连海辰化工进出口有限公司（演示）"),
    (123, "import", "29072300", "80-05-7", "聚碳酸酯原料", "25000", "", "大连树脂材料有限公司（演示）"),
    (139, "export", "29173200", "117-81-7", "增塑剂", "18000", "", "大连线缆材料有限公司（演示）"),
    (150, "import", "29021100", "110-82-7", "有机溶剂", "7000", "", "大连海辰化工进出口有限公司（演示）"),
    (166, "export", "29032300", "127-18-4", "干洗溶剂", "3000", "", "大连洁丽洗涤用品有限公司（演示）"),
    (178, "import", "28054000", "7439-97-6", "含汞体温计生产（许可用途）", "30", "（演示）HXJ-2025-0012",
     "大连精测仪器有限公司（演示）"),
    (190, "export", "29032200", "79-01-6", "金属脱脂剂", "10000", "", "大连海辰化工进出口有限公司（演示）"),
    (205, "import", "29173400", "84-74-2", "胶粘剂增塑剂", "6000", "", "大连树脂材料有限公司（演示）"),
    (219, "export", "29031200", "75-09-2", "工业清洗溶剂", "14000", "", "大连海辰化工进出口有限公司（演示）"),
]  # fmt: skip


def _dalian() -> District | None:
    """The demo city (the demo departments are Dalian's)."""
    return District.objects.filter(code="210200").first()


def create_trade_demo() -> str:
    customs = department_by_function(function=DepartmentFunction.CUSTOMS, city=_dalian())
    if customs is None:
        return "trade: no 大连海关"
    exporter = enterprise_list(name_startswith="大连北辰氟化工").first()  # from the compliance demo
    created = 0
    for index, (offset, direction, hs, cas, use, kg, notice, name) in enumerate(TRADE, start=1):
        number = f"DEMO-BG-{index:04d}"
        substance = substance_by_cas(cas=cas)
        if substance is None or TradeCheck.objects.filter(declaration_number=number).exists():
            continue
        violation = name is None
        check = TradeCheck(
            checked_on=date(2024, 1, 8) + timedelta(days=offset * 3), direction=direction, declaration_number=number,
            hs_code=hs, substance=substance, declared_use=use, quantity=Decimal(kg), release_notice_number=notice,
            enterprise=exporter if violation else None,
            enterprise_name="" if violation and exporter else (name or "大连北辰氟化工有限公司（演示）"),
            department=customs, result="violation" if violation else "compliant",
            violation_kind="missing_release_notice" if violation else "",
            description="出口申报未提供有毒化学品出口环境管理放行通知单，货物已暂扣（演示）。" if violation else "",
        )  # fmt: skip
        check.full_clean()
        error = trade_check_release_notice_error(substance=substance, release_notice_number=notice,
                                                 violation_kind=check.violation_kind)  # fmt: skip
        if error:
            raise ValueError(f"demo trade check {number}: {error}")
        with transaction.atomic():
            check._change_reason = "demo"
            check.save()
            trade_check_saved(check=check)
        created += 1
    return f"trade checks={created}"
