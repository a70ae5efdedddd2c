"""Monitoring fixtures: two sites (Ganjingzi and Zhuanghe), two labs with different limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from npgov.capacity.models import Lab
from npgov.core.models import District
from npgov.monitoring.models import Result, Sample, Site
from tests.capacity.factories import LabFactory
from tests.monitoring.factories import SiteFactory


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English (the UI default is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def sites(org: None) -> dict[str, Site]:
    ganjingzi = District.objects.get(code="210211")
    zhuanghe = District.objects.get(code="210283")
    return {
        "DL-DW-01": SiteFactory(code="DL-DW-01", name="碧流河水库取水口", kind="drinking_water",
                                district=zhuanghe, latitude=39.80, longitude=122.57),
        "DL-SE-03": SiteFactory(code="DL-SE-03", name="泉水污水处理厂出水", kind="sewage_effluent",
                                district=ganjingzi, latitude=38.99, longitude=121.61),
        "DL-SD-01": SiteFactory(code="DL-SD-01", name="大连湾表层沉积物", kind="sediment",
                                district=ganjingzi, latitude=38.99, longitude=121.73),
    }  # fmt: skip


@pytest.fixture
def labs(org: None) -> dict[str, Lab]:
    return {name: LabFactory(name=name) for name in ("市监测中心", "第三方实验室")}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def counts() -> tuple[int, int, int]:
    from npgov.core.models import ImportBatch

    batches = ImportBatch.objects.filter(target="monitoring.result")
    return Result.objects.count(), Sample.objects.count(), batches.count()


HEADER = "站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室\n"
LONG = """站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室
DL-DW-01,2025-06-18 09:30,1763-23-1,1.5,ng/L,0.1,0.3,市监测中心
DL-DW-01,2025-06-18 09:30,335-67-1,ND,ng/L,0.1,0.3,市监测中心
DL-DW-01,2025-06-18 09:30,全氟己基磺酸,<0.3,ng/L,0.1,0.3,市监测中心
DL-DW-01,2025-06-18 09:30,375-73-5,0.2L,ng/L,0.2,0.6,市监测中心
DL-DW-01,2025-09-18,1763-23-1,0.002,µg/L,0.0001,0.0003,第三方实验室
DL-SE-03,2025-09-18,80-05-7,NA,ng/L,,,
DL-SD-01,2025-09-20,1763-23-1,0.84,ng/g dw,0.05,0.15,
"""


def long_file(tmp_path: Path, text: str = LONG, name: str = "long.csv", encoding: str = "utf-8") -> Path:
    return write(tmp_path, name, text, encoding)


def import_file(path: Path, **kwargs: Any) -> Any:
    from npgov.monitoring.importers import import_results

    return import_results(path=path, filename=path.name, **kwargs)
