"""Each statistics page runs a bounded number of queries, whatever the amount of data behind it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.core.models import District
from npgov.portal.statistics.selectors import public_lists
from npgov.substances.selectors import substance_by_cas
from tests.conftest import client_for
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
from tests.portal.factories_statistics import PortalSettingsFactory
from tests.regulations.factories import ControlMeasureFactory, ListEntryFactory, ListMemberFactory
from tests.risk.factories import PriorityDraftFactory
from tests.substances.factories import SubstanceFactory
from tests.workplan.factories import KpiFactory, KpiValueFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.usefixtures("org")

BOUNDS = {
    "portal:monitoring": 18,
    "portal:monitoring_substance": 26,
    "portal:lists": 4,
    "portal:list_detail": 14,
    "portal:substances": 6,
    "portal:substance_card": 26,
    "portal:progress": 12,
}


def _grow(substance: Any, local_list: Any, n: int) -> None:
    """n more sites in two districts with a result each of ``substance`` and of a new substance, n more entries."""
    districts = [District.objects.get(code="210211"), District.objects.get(code="210213")]
    for i in range(n):
        site = SiteFactory(district=districts[i % 2], kind=("river", "coastal", "lake")[i % 3])
        for year in (2024, 2025):
            sample = SampleFactory(site=site, sampled_at=datetime(year, 5, 1 + i % 20, tzinfo=UTC))
            ResultFactory(sample=sample, substance=substance, value=1.0 + i, qualifier="detected")
            ResultFactory(sample=sample, substance=SubstanceFactory(), value=0.5, qualifier="lt_lod")
        entry = ListEntryFactory(regulatory_list=local_list)
        ListMemberFactory(entry=entry)
        ControlMeasureFactory(entry=entry, kind="emission_control")
        plan = PlanFactory()
        TaskFactory(plan=plan)
        KpiValueFactory(kpi=KpiFactory(plan=plan))


def _count(name: str, args: list[Any]) -> int:
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=args) + "?nocache=" + str(datetime.now().timestamp()))
    assert response.status_code == 200, name
    return len(queries)


def test_every_page_is_bounded_as_data_grows(django_assert_max_num_queries: Any) -> None:
    PortalSettingsFactory(workplan_level="kpis")
    substance = substance_by_cas(cas="75-09-2")
    local = PriorityDraftFactory(status="published", published_list=ListEntryFactory().regulatory_list).published_list
    assert local in public_lists()
    pages = {
        "portal:monitoring": [], "portal:monitoring_substance": [substance.pk], "portal:lists": [],
        "portal:list_detail": [local.pk], "portal:substances": [], "portal:substance_card": [substance.pk],
        "portal:progress": [],
    }  # fmt: skip
    _grow(substance, local, 2)
    small = {name: _count(name, args) for name, args in pages.items()}
    _grow(substance, local, 8)
    large = {name: _count(name, args) for name, args in pages.items()}
    for name, args in pages.items():
        assert large[name] <= small[name], (name, small[name], large[name])
        with django_assert_max_num_queries(BOUNDS[name]):
            client_for(None).get(reverse(name, args=args) + "?again=1")
