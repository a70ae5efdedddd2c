"""Demo product sampling (``npgov demo`` only).

About forty invented product samples taken by 大连市市场监督管理局 in Dalian's districts in 2023–2025,
whose lab results go through the real importer (a CSV file), so that verdicts, limits and findings
come from the same code as real data. A few fail: a plastic doll whose DEHP + DBP + BBP sum exceeds
0.1 % (GB 6675.1-2014), correction fluid with dichloromethane over the chlorinated-solvent limit
(a finding for its registered producer: dichloromethane has a product-content measure in CN-KCNP-2023),
a charger with cadmium over 0.01 %, an infant bodysuit over the (unverified) formaldehyde limit.
Every name, number and value is invented; "（演示）" marks them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from npgov.core.models import DepartmentFunction, District, User
from npgov.core.selectors import department_by_function
from npgov.enforcement.products.importers import product_results_import
from npgov.enforcement.products.models import ProductCategory, ProductSample
from npgov.enforcement.products.services import product_limits_load
from npgov.enterprises.services import demo_uscc, enterprise_ensure

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise

LAB = "辽宁省产品质量监督检验院（演示）"
DISTRICTS = ["210202", "210203", "210204", "210211", "210212", "210213", "210214", "210281", "210283"]
# serial, name, industry, district: producers registered on the platform
PRODUCERS = [
    (981, "大连童乐玩具有限公司（演示）", "2452", "210213"),
    (982, "大连文华文具制造有限公司（演示）", "2411", "210211"),
    (983, "大连星辰电子科技有限公司（演示）", "3990", "210213"),
    (984, "大连贝贝服饰有限公司（演示）", "1819", "210281"),
]
# category, product names, method, results: (CAS, unit, measured as, typical low, typical high)
TEMPLATES: dict[str, tuple[list[str], str, list[tuple[str, str, str, float, float]]]] = {
    "toys": (["塑料玩具娃娃", "软胶洗澡玩具", "充气玩具球"], "GB/T 22048-2022",
             [("117-81-7", "%", "content", 0.002, 0.03), ("84-74-2", "%", "content", 0.0, 0.01),
              ("85-68-7", "%", "content", 0.0, 0.005)]),
    "toys-mouthable": (["婴儿摇铃", "牙胶玩具"], "GB/T 22048-2022",
                       [("28553-12-0", "%", "content", 0.0, 0.02), ("26761-40-0", "%", "content", 0.0, 0.01),
                        ("117-84-0", "%", "content", 0.0, 0.005), ("117-81-7", "%", "content", 0.0, 0.02)]),
    "student-supplies": (["塑料笔袋", "橡皮擦", "塑料文件夹"], "GB 21027-2020",
                         [("117-81-7", "mg/kg", "content", 20, 300), ("84-74-2", "mg/kg", "content", 0, 100),
                          ("85-68-7", "mg/kg", "content", 0, 50)]),
    "student-correction": (["修正液", "修正带"], "GB 21027-2020",
                           [("71-43-2", "mg/kg", "content", 0, 3), ("75-09-2", "mg/kg", "content", 0, 4),
                            ("67-66-3", "mg/kg", "content", 0, 2)]),
    "electronics": (["手机充电器", "电源适配器", "LED台灯"], "GB/T 39560 系列",
                    [("7439-92-1", "%", "content", 0.001, 0.05), ("7440-43-9", "%", "content", 0.0, 0.003),
                     ("7439-97-6", "%", "content", 0.0, 0.01)]),
    "infant-textiles": (["婴儿连体衣", "婴儿睡袋"], "GB/T 2912.1-2009",
                        [("50-00-0", "mg/kg", "content", 0, 15)]),
    "children-textiles-skin": (["儿童T恤", "儿童内衣"], "GB/T 2912.1-2009", [("50-00-0", "mg/kg", "content", 10, 60)]),
    "food-contact-plastics": (["塑料保鲜盒", "儿童塑料水杯"], "GB 31604.10-2016",
                              [("80-05-7", "mg/kg", "migration", 0, 0.2)]),
    "furniture": (["儿童书桌"], "GB/T 35607-2017", [("50-00-0", "mg/kg", "content", 5, 40)]),
}  # fmt: skip
# (sample number, results that replace the generated ones): the demo's failures
# (samples cycle through TEMPLATES in order: 1, 10, 19 … are toys, 4, 13 … correction products)
FAILURES = {
    10: {"117-81-7": "0.08", "84-74-2": "0.03", "85-68-7": "0.01"},  # toy: sum 0.12 % > 0.1 %
    13: {"75-09-2": "35"},  # correction product: chlorinated hydrocarbons 35 mg/kg > 10 mg/kg
    23: {"7440-43-9": "0.03"},  # charger: cadmium 0.03 % > 0.01 %
    24: {"50-00-0": "28"},  # infant textile: formaldehyde 28 mg/kg > 20 mg/kg (an unverified limit)
    28: {"117-81-7": "0.06", "84-74-2": "0.05"},  # another toy: sum 0.11 % > 0.1 %
}
PRODUCER_OF = {"toys": 981, "toys-mouthable": 981, "student-supplies": 982, "student-correction": 982,
               "electronics": 983, "infant-textiles": 984, "children-textiles-skin": 984}  # fmt: skip


def _producers() -> dict[int, Enterprise]:
    return {
        serial: enterprise_ensure(uscc=demo_uscc(serial, district), name=name, industry_code=industry,
                                  district_code=district)
        for serial, name, industry, district in PRODUCERS
    }  # fmt: skip


def _samples(rng: random.Random) -> list[tuple[dict[str, Any], list[list[str]]]]:
    """Sample fields and result rows (sample code, CAS, value, unit, measured as, lab, method)."""
    categories = list(TEMPLATES)
    out = []
    for number in range(1, 43):
        category = categories[(number - 1) % len(categories)]
        names, method, specs = TEMPLATES[category]
        day = date(2023, 1, 10) + timedelta(days=int((number - 1) * 1090 / 42) + rng.randint(0, 20))
        code = f"DEMO-CP-{day.year}-{number:03d}"
        fields = {"code": code, "category": category, "product_name": names[number % len(names)],
                  "brand": rng.choice(["乐宝", "星星", "小熊", "海韵", "金鹿"]), "district": rng.choice(DISTRICTS),
                  "sampled_on": day, "seller_name": rng.choice(["某商场（演示）", "某超市（演示）", "某网店（演示）"]),
                  "producer": PRODUCER_OF.get(category) if number % 3 else None}  # fmt: skip
        rows = []
        for cas, unit, measured, low, high in specs:
            value = FAILURES.get(number, {}).get(cas)
            if value is None:
                value = "ND" if rng.random() < 0.25 else f"{rng.uniform(low, high) or high / 10:.4g}"
            rows.append([code, cas, value, unit, "迁移量" if measured == "migration" else "含量", LAB, method])
        out.append((fields, rows))
    return out


def _dalian() -> District | None:
    """The demo city (the demo departments are Dalian's)."""
    return District.objects.filter(code="210200").first()


def create_product_samples_demo() -> str:
    admin = User.objects.filter(username="admin").first()
    samr = department_by_function(function=DepartmentFunction.MARKET_REGULATION, city=_dalian())
    if admin is None or samr is None:
        return "product demo: no admin user or no 大连市市场监督管理局"
    product_limits_load()
    producers = _producers()
    rng = random.Random(985)
    lines = [["样品编号", "CAS号", "检测结果", "单位", "检测类型", "检测机构", "检测方法"]]
    with transaction.atomic():
        for fields, rows in _samples(rng):
            if ProductSample.objects.filter(code=fields["code"]).exists():
                continue
            serial = fields.pop("producer")
            producer = producers.get(serial) if serial else None
            sample = ProductSample(
                **{**fields, "category": ProductCategory.objects.get(code=fields["category"]),
                   "district": District.objects.get(code=fields["district"])},
                producer=producer, producer_name="" if producer else "外地某生产企业（演示）", department=samr,
                place="大连市（演示）",
            )  # fmt: skip
            sample.full_clean()
            sample._change_reason = "demo"
            sample.save()
            lines.extend(rows)
    imported = "results already there"
    if len(lines) > 1:
        data = "\n".join(",".join(cells) for cells in lines).encode("utf-8")
        result = product_results_import(data=data, filename="product-demo-results.csv", user=admin)
        imported = f"results={result.created}" if result.ok else f"import failed: {result.errors[:3]}"
    demo = ProductSample.objects.filter(code__startswith="DEMO-CP-")
    return f"samples={demo.count()} {imported} failing={demo.filter(verdict='fail').count()}"
