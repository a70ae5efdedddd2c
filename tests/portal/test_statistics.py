"""The portal's statistics pages: monitoring aggregates with censored statistics, lists and measures, substance
cards, work-plan progress at the published level, the bureau's settings, open data and query counts."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.cache import cache
from django.urls import reverse

from npgov.core.pagecache import VERSION_KEY, portal_version
from npgov.monitoring import selectors as monitoring
from npgov.portal.opendata import DATASETS
from npgov.portal.public.models import PortalSettings
from npgov.regulations.selectors import regulatory_list_current
from npgov.science.censored import summarise
from npgov.substances.selectors import substance_by_cas
from tests.conftest import Personas, client_for
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
from tests.portal.factories_statistics import PortalSettingsFactory
from tests.regulations.factories import ControlMeasureFactory, ListEntryFactory, ListMemberFactory
from tests.risk.factories import PriorityDraftFactory
from tests.substances.factories import SubstanceFactory
from tests.workplan.factories import KpiFactory, KpiValueFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.usefixtures("org")
TEMPLATES = Path(__file__).resolve().parents[2] / "src/npgov/portal/templates/portal/statistics"


def _get(name: str, *args: Any, query: str = "", user: Any = None) -> Any:
    url = reverse(name, args=list(args)) + (f"?{query}" if query else "")
    return client_for(user).get(url)


def _result(substance: Any, site: Any, value: float, *, detected: bool = True, when: datetime | None = None) -> Any:
    sample = SampleFactory(site=site, sampled_at=when or datetime(2025, 6, 18, 9, 30, tzinfo=UTC))
    return ResultFactory(sample=sample, substance=substance, value=value, value_reported=str(value) if detected
                         else f"<{value}", qualifier="detected" if detected else "lt_lod")  # fmt: skip


# --- monitoring ---------------------------------------------------------------------------------------------------
def test_monitoring_page_shows_every_district_with_km_mean_as_the_science_core_computes_it() -> None:
    substance = SubstanceFactory()
    ganjingzi = SiteFactory()  # 210211
    jinzhou = SiteFactory(district=monitoring.District.objects.get(code="210213"))
    data = [(ganjingzi, 4.0, True), (ganjingzi, 1.0, False), (ganjingzi, 9.0, True), (jinzhou, 2.0, False)]
    for site, value, detected in data:
        _result(substance, site, value, detected=detected)
    response = _get("portal:monitoring", query=f"substance={substance.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "甘井子区" in page and "金州区" in page
    rows = {r["code"]: r for r in monitoring.public_group_counts(
        filters=monitoring.PublicFilters(substance_id=substance.pk), group="district")}  # fmt: skip
    expected = summarise(np.array([4.0, 1.0, 9.0]), np.array([False, True, False]))
    assert rows["210211"]["km_mean"] == pytest.approx(expected["km"]["mean"])
    assert rows["210211"]["detection_frequency"] == pytest.approx(2 / 3)
    assert rows["210213"]["km_mean"] is None  # no detect: KM undefined, never a substituted number
    assert rows["210213"]["detection_frequency"] == 0
    assert "Kaplan" in page  # the method is named beside the numbers


def test_the_district_filter_is_the_districts_code_and_narrows_the_tables() -> None:
    substance = SubstanceFactory()
    _result(substance, SiteFactory(name="甘井子测站"), 3.0)
    _result(substance, SiteFactory(name="金州测站", district=monitoring.District.objects.get(code="210213")), 3.0)
    page = _get("portal:monitoring", query="district=210213").content.decode()
    data = json.loads(re.search(r'id="portal-map-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert [s["name"] for s in data["sites"]] == ["金州测站"]
    assert _get("portal:monitoring", query="district=nonsense&year=abc&kind=x&substance=y").status_code == 200
    assert [d.code for d in monitoring.public_districts()] == ["210211", "210213"]  # not the city itself


def test_public_statistics_do_not_depend_on_the_visitor(personas: Personas) -> None:
    substance = SubstanceFactory()
    _result(substance, SiteFactory(district=monitoring.District.objects.get(code="210213")), 5.0)
    anonymous = _get("portal:monitoring").content.decode()
    district = _get("portal:monitoring", user=personas.district).content.decode()  # a Ganjingzi official
    assert "金州区" in anonymous and "金州区" in district


def test_monitoring_substance_page_and_404_for_an_unmeasured_substance() -> None:
    substance = SubstanceFactory()
    _result(substance, SiteFactory(), 2.5)
    _result(substance, SiteFactory(), 0.5, detected=False, when=datetime(2024, 5, 1, tzinfo=UTC))
    response = _get("portal:monitoring_substance", substance.pk)
    assert response.status_code == 200
    page = response.content.decode()
    trend = json.loads(re.search(r'id="portal-trend-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert trend["years"] == ["2024", "2025"] and trend["df"] == [0.0, 100.0]
    assert _get("portal:monitoring_substance", SubstanceFactory().pk).status_code == 404


def test_an_excluded_site_kind_never_reaches_the_public(monkeypatch: pytest.MonkeyPatch) -> None:
    substance = SubstanceFactory()
    _result(substance, SiteFactory(kind="industrial_park", name="园区排口"), 7.0)
    monkeypatch.setattr(monitoring, "PUBLIC_EXCLUDED_KINDS", frozenset({"industrial_park"}))
    assert monitoring.public_results().count() == 0
    assert monitoring.public_sites(filters=monitoring.PublicFilters())["sites"] == []
    assert "园区排口" not in _get("portal:monitoring").content.decode()


def test_templates_set_data_with_text_content_never_inner_html() -> None:
    for template in TEMPLATES.glob("*.html"):
        assert "innerHTML" not in template.read_text(), template.name


def test_anonymous_pages_are_served_from_the_cache() -> None:
    first = _get("portal:monitoring")
    second = _get("portal:monitoring")
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert "public" in second["Cache-Control"]


# --- lists ----------------------------------------------------------------------------------------------------------
def test_lists_show_national_lists_and_only_published_local_lists() -> None:
    published = ListEntryFactory(regulatory_list__title_zh="已发布的优先控制清单").regulatory_list
    PriorityDraftFactory(status="published", published_list=published)
    unpublished = ListEntryFactory(regulatory_list__title_zh="未发布的清单").regulatory_list
    page = _get("portal:lists").content.decode()
    assert "重点管控新污染物清单" in page
    assert "已发布的优先控制清单" in page and "未发布的清单" not in page
    assert _get("portal:list_detail", published.pk).status_code == 200
    assert _get("portal:list_detail", unpublished.pk).status_code == 404


def test_list_detail_explains_measures_and_withholds_unverified_rows() -> None:
    kcnp = regulatory_list_current(code="CN-KCNP-2023")
    entry = ListEntryFactory(regulatory_list=kcnp, item="T99", position=0, name_zh="测试条目甲")
    ControlMeasureFactory(entry=entry, kind="emission_control", text_zh="已核实的限排措施")
    ControlMeasureFactory(entry=entry, kind="ban_production", text_zh="未核实的措施文本", verified=False)
    ListMemberFactory(entry=entry, name_zh="未核实的成员", verified=False)
    page = _get("portal:list_detail", kcnp.pk).content.decode()
    assert "已核实的限排措施" in page
    assert "Factories must limit how much of it reaches the air, water and soil." in page or "限制" in page
    assert "未核实的措施文本" not in page and "未核实的成员" not in page
    assert 'id="withheld-note"' in page


# --- substance cards ------------------------------------------------------------------------------------------------
def test_substance_card_for_a_listed_substance_and_404_for_one_on_no_list() -> None:
    listed = substance_by_cas(cas="75-09-2")  # dichloromethane, on the priority control list
    response = _get("portal:substance_card", listed.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert listed.name_zh in page and "75-09-2" in page
    assert 'id="card-what"' in page and 'id="card-where"' in page and 'id="card-done"' in page
    assert _get("portal:substance_card", SubstanceFactory().pk).status_code == 404
    index = _get("portal:substances", query="q=75-09-2").content.decode()
    assert reverse("portal:substance_card", args=[listed.pk]) in index


def test_a_member_of_an_unpublished_local_list_has_no_card() -> None:
    member = ListMemberFactory()  # a local list without a published draft
    assert _get("portal:substance_card", member.substance_id).status_code == 404
    PriorityDraftFactory(status="published", published_list=member.entry.regulatory_list)
    cache.clear()
    assert _get("portal:substance_card", member.substance_id).status_code == 200


# --- work plan ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "shown", "hidden"),
    [
        ("hidden", ['id="progress-hidden"'], ["np-plan-percent", "np-tasks"]),
        ("plan", ["np-plan-percent"], ["np-tasks", "np-kpis"]),
        ("tasks", ["np-plan-percent", "np-tasks", "测试任务指标任务"], ["np-kpis"]),
        ("kpis", ["np-plan-percent", "np-tasks", "np-kpis", "测试公开指标"], []),
    ],
)
def test_progress_shows_the_level_the_bureau_publishes(level: str, shown: list[str], hidden: list[str]) -> None:
    plan = PlanFactory()
    TaskFactory(plan=plan, title_zh="测试任务指标任务")
    KpiValueFactory(kpi=KpiFactory(plan=plan, name_zh="测试公开指标"), period_end=datetime(2025, 12, 31).date())
    PortalSettingsFactory(workplan_level=level)
    page = _get("portal:progress").content.decode()
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text
    rows = list(DATASETS["workplan-progress"].rows())
    assert (rows == []) == (level == "hidden")


# --- settings -------------------------------------------------------------------------------------------------------
def test_the_bureau_changes_the_level_with_history_and_the_cached_pages_go_stale(personas: Personas) -> None:
    version = portal_version()
    client = client_for(personas.bureau)
    response = client.post(reverse("portal:settings"), {"workplan_level": "hidden"})
    assert response.status_code == 302
    assert PortalSettings.current().workplan_level == "hidden"
    assert PortalSettings.current().history.first().history_user == personas.bureau
    assert cache.get(VERSION_KEY) > version
    page = client.get(reverse("portal:settings")).content.decode()
    assert 'id="history-panel"' in page
    assert client.post(reverse("portal:settings"), {"workplan_level": "everything"}).status_code == 200
    assert PortalSettings.current().workplan_level == "hidden"


def test_only_the_bureau_may_change_the_settings(personas: Personas) -> None:
    for user in (personas.department, personas.district, personas.enterprise, personas.expert):
        response = client_for(user).post(reverse("portal:settings"), {"workplan_level": "kpis"})
        assert response.status_code == 403
    assert PortalSettings.current().workplan_level != "kpis"


# --- open data ------------------------------------------------------------------------------------------------------
def test_every_table_is_a_dataset_with_rows_matching_its_columns() -> None:
    substance = SubstanceFactory()
    _result(substance, SiteFactory(), 1.5)
    keys = {"monitoring-by-district", "monitoring-by-site-kind", "monitoring-by-substance",
            "list-entries-measures", "substance-cards", "workplan-progress"}  # fmt: skip
    assert keys <= set(DATASETS)
    for key in keys:
        dataset = DATASETS[key]
        columns = [c[0] for c in dataset.columns]
        for row in list(dataset.rows())[:50]:
            assert list(row) == columns, key
    rows = list(DATASETS["monitoring-by-substance"].rows())
    assert any(r["substance_id"] == substance.pk and r["detection_frequency"] == 1.0 for r in rows)


def test_home_figures_count_public_things_and_hide_progress_when_not_published() -> None:
    from npgov.portal.statistics.selectors import home_figures

    _result(SubstanceFactory(), SiteFactory(), 1.0)
    PortalSettingsFactory(workplan_level="plan")
    figures = {f["key"]: f for f in home_figures()}
    assert figures["sites"]["value"] >= 1 and figures["results"]["value"] >= 1
    assert figures["listed_substances"]["value"] > 0 and "progress" in figures
    for figure in figures.values():
        assert figure["url_name"] is None or reverse(figure["url_name"])
    PortalSettingsFactory(workplan_level="hidden")
    assert "progress" not in {f["key"] for f in home_figures()}
