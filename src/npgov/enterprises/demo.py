"""Demo industrial parks and discharge permits (``npgov demo`` only), after the survey demo made its enterprises.

The parks are Dalian's real chemical and industrial parks by name; which demo enterprise lies in which park,
the permit numbers and every limit are invented. Each permit states one to three substance limits.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.db import transaction

from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Park, Permit, PermitLimit
from npgov.substances.selectors import substance_list

DEMO_SUFFIX = "（演示"
# name, district code, chemical park
PARKS = [
    ("大连长兴岛经济技术开发区（石化产业基地）", "210281", True),
    ("大连松木岛化工园区", "210281", True),
    ("大连大孤山半岛石化产业园区", "210213", True),
    ("大连甘井子区工业集聚区（演示）", "210211", False),
    ("大连花园口经济区", "210283", False),
]
# CAS RN, kind, value, unit: invented limits of the kinds permits state
LIMITS = [
    ("75-09-2", "air_concentration", 20.0, "mg/m³"),
    ("67-66-3", "air_concentration", 10.0, "mg/m³"),
    ("1763-23-1", "water_concentration", 0.5, "µg/L"),
    ("335-67-1", "water_concentration", 1.0, "µg/L"),
    ("75-09-2", "annual_amount", 2.5, "t/a"),
    ("80-05-7", "water_concentration", 0.1, "mg/L"),
]


@transaction.atomic
def create_parks_and_permits_demo() -> str:
    if Park.objects.filter(name=PARKS[3][0]).exists():
        return "already present"
    rng = random.Random(2026)
    parks: dict[str, Any] = {}
    for name, district_code, chemical in PARKS:
        park, _created = Park.objects.get_or_create(
            name=name, defaults={"district": District.objects.get(code=district_code), "chemical_park": chemical}
        )
        parks.setdefault(district_code, []).append(park)
    substances = {s.cas: s for s in substance_list(cas=[cas for cas, *_rest in LIMITS])}
    limits = [row for row in LIMITS if row[0] in substances]
    enterprises = list(
        Enterprise.objects.filter(name__contains=DEMO_SUFFIX).select_related("district").order_by("uscc")
    )
    permits = 0
    for n, enterprise in enumerate(enterprises):
        first = n == 0 or enterprise.users.exists()  # the enterprise login's company always gets both
        in_park = parks.get(enterprise.district.code)
        if in_park and (first or rng.random() < 0.6):
            enterprise.park = rng.choice(in_park)
            enterprise.save(update_fields=["park"])
        if not (first or rng.random() < 0.4):
            continue
        start = date(2023, rng.randint(1, 12), 1)
        permit = Permit.objects.create(
            enterprise=enterprise, kind="permit" if enterprise.park or rng.random() < 0.5 else "registration",
            number=f"{enterprise.uscc}001{'P' if enterprise.park else 'X'}", valid_from=start,
            valid_until=date(start.year + 5, start.month, 1), states_new_pollutant_controls=rng.random() < 0.5,
        )  # fmt: skip
        chosen = rng.sample(limits, k=min(len(limits), rng.randint(1, 3)))
        seen = set()
        for cas, kind, value, unit in chosen:
            if (cas, kind) in seen:
                continue
            seen.add((cas, kind))
            PermitLimit.objects.create(permit=permit, substance=substances[cas], kind=kind, value=value, unit=unit,
                                       note="演示数据")  # fmt: skip
        permits += 1
    return f"{len(PARKS)} parks, {permits} permits"
