"""Next year's monitoring plan (issue 18, item 3): the draft's exact lines, who may draft, bad input, the saved plan
and the laboratories' Excel."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core.models import District
from npgov.monitoring.models import MonitoringPlan
from npgov.risk import planning
from npgov.risk import selectors as risk_selectors
from npgov.substances.selectors import substance_by_cas
from tests.capacity.factories import LabFactory, LabMethodFactory
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.monitoring.factories import SiteFactory
from tests.risk.factories import AssessmentRunFactory, RunResultRowFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db
URL = "/risk/monitoring-plan/draft/"
PARAMS = {"name": "2027年新污染物监测计划", "year": "2027", "budget": "8", "distance_km": "5", "samples_per_year": "4"}


@pytest.fixture
def world(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """S1 in Ganjingzi beside enterprises reporting a solvent X and an intermediate Y; S2 in Zhongshan, 8.2 km
    away; PFOS measured high at S1; Y has an estimated RQ and no data; lab L1 has methods for PFOS and X only."""
    s1 = SiteFactory(code="GJZ-01", name="甘井子断面", latitude=38.99, longitude=121.61)
    s2 = SiteFactory(code="ZS-01", name="中山断面", district=District.objects.get(code="210202"), latitude=38.92,
                     longitude=121.64)  # fmt: skip
    pfos = substance_by_cas(cas="1763-23-1")
    x, y = SubstanceFactory(name_zh="测试溶剂甲"), SubstanceFactory(name_zh="测试中间体乙")
    for substance in (x, y):  # two enterprises at the same place (one report per enterprise and year)
        company = EnterpriseFactory(latitude=38.99, longitude=121.61)
        accepted_report(company, personas.sysadmin, 2025, substance.cas, "processing_use", "")
    run = AssessmentRunFactory(status="done", compartment="freshwater")
    RunResultRowFactory(run=run, site_id=s1.pk, substance_id=pfos.pk, score=3.0,
                        data={"site": s1.code, "site_id": s1.pk, "substance_id": pfos.pk, "rq": 3.0,
                              "category": "high"})  # fmt: skip
    lab = LabFactory(name="大连测试检测中心")
    for substance in (pfos, x):
        LabMethodFactory(lab=lab, substance=substance)
    estimates = {"freshwater": {y.pk: {"rq": 2.0, "pec_ng_l": 20.0, "enterprises": 1, "run_id": run.pk}}}
    monkeypatch.setattr(risk_selectors, "estimated_without_data",
                        lambda *, compartment: estimates.get(compartment, {}))  # fmt: skip
    return {"s1": s1, "s2": s2, "pfos": pfos, "x": x, "y": y, "lab": lab, "run": run}


def _lines(page: planning.DraftPage) -> list[tuple[str, str, tuple[str, ...], int, str | None, bool]]:
    return [(page.sites[ln.site_id].code, page.substances[ln.substance_id].name_zh, ln.reasons, ln.score,
             page.labs[ln.lab_id].name if ln.lab_id else None, ln.selected) for ln in page.draft.lines]  # fmt: skip


def test_it_proposes_exactly_these_lines_within_the_budget(world: dict[str, Any]) -> None:
    # when
    page = planning.plan_draft(budget=8, samples_per_year=4, distance_km=5)
    # then
    assert _lines(page) == [
        ("GJZ-01", world["pfos"].name_zh, ("rq_high", "listed", "never_sampled"), 130, "大连测试检测中心", True),
        ("GJZ-01", "测试中间体乙", ("estimated_no_data", "reported_nearby", "never_sampled"), 80, None, False),
        ("GJZ-01", "测试溶剂甲", ("reported_nearby", "never_sampled"), 20, "大连测试检测中心", True),
    ]
    assert page.draft.analyses == 8 and page.runs == [world["run"]] and page.survey_year == 2025


def test_it_counts_enterprises_within_the_distance_at_sites_of_other_districts(world: dict[str, Any]) -> None:
    # when: 10 km reaches S2 (8.2 km from the enterprise)
    page = planning.plan_draft(budget=12, samples_per_year=4, distance_km=10)
    # then: the budget of 12 takes the first three analysable lines
    assert [(code, name, selected) for code, name, _r, _s, _l, selected in _lines(page)] == [
        ("GJZ-01", world["pfos"].name_zh, True), ("GJZ-01", "测试中间体乙", False), ("ZS-01", "测试中间体乙", False),
        ("GJZ-01", "测试溶剂甲", True), ("ZS-01", "测试溶剂甲", True),
    ]  # fmt: skip


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("sysadmin", 200), ("bureau", 200), ("department", 403), ("district", 403),
    ("enterprise", 403), ("expert", 403),
])  # fmt: skip
def test_it_lets_only_the_bureau_draft(world: dict[str, Any], personas: Personas, role: str, status: int) -> None:
    assert client_for(personas.get(role)).get(URL, PARAMS).status_code == status
    assert client_for(personas.get(role)).post(
        URL,
        {**PARAMS, f"keep_{world['s1'].pk}_{world['x'].pk}": "on", f"samples_{world['s1'].pk}_{world['x'].pk}": "4"},
    ).status_code in (status if status != 200 else 302,)
    assert MonitoringPlan.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("field", "value"), [
    ("budget", "0"), ("budget", "abc"), ("budget", "100001"), ("budget", "1.5"), ("distance_km", "inf"),
    ("distance_km", "nan"), ("distance_km", "-1"), ("distance_km", "201"), ("samples_per_year", "366"),
    ("year", "1999"),
])  # fmt: skip
def test_it_refuses_parameters_out_of_range(world: dict[str, Any], personas: Personas, field: str, value: str) -> None:
    response = client_for(personas.bureau).get(URL, {**PARAMS, field: value})
    assert response.status_code == 400
    assert response.context["params"].errors[field]
    assert "page" not in response.context


def test_it_offers_the_form_with_next_year_first(personas: Personas) -> None:
    response = client_for(personas.bureau).get(URL)
    assert response.status_code == 200 and "page" not in response.context
    assert response.context["params"]["year"].value() > 2025


def _keep(world: dict[str, Any], *pairs: tuple[str, str, str]) -> dict[str, str]:
    data = dict(PARAMS)
    for site, substance, samples in pairs:
        key = f"{world[site].pk}_{world[substance].pk}"
        data |= {f"keep_{key}": "on", f"samples_{key}": samples}
    return data


def test_it_saves_the_kept_lines_as_a_plan_with_reasons_and_laboratories(
    world: dict[str, Any], personas: Personas
) -> None:
    # when: the bureau keeps PFOS (3 samples) and X (4), the first with the lab, the second without
    data = _keep(world, ("s1", "pfos", "3"), ("s1", "x", "4"))
    data[f"lab_{world['s1'].pk}_{world['pfos'].pk}"] = str(world["lab"].pk)
    response = client_for(personas.bureau).post(URL, data)
    # then
    plan = MonitoringPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.name, plan.year) == ("2027年新污染物监测计划", 2027)
    rows = sorted((ln.substance_id, ln.samples_per_year, ln.lab_id, tuple(ln.reasons), ln.score)
                  for ln in plan.lines.all())  # fmt: skip
    assert rows == sorted([
        (world["pfos"].pk, 3, world["lab"].pk, ("rq_high", "listed", "never_sampled"), 130),
        (world["x"].pk, 4, None, ("reported_nearby", "never_sampled"), 20),
    ])  # fmt: skip
    assert set(plan.sites.all()) == {world["s1"]} and set(plan.substances.all()) == {world["pfos"], world["x"]}
    assert plan.lines.first().history.count() == 1


def test_it_refuses_kept_lines_over_the_budget(world: dict[str, Any], personas: Personas) -> None:
    response = client_for(personas.bureau).post(URL, _keep(world, ("s1", "pfos", "5"), ("s1", "x", "4")))
    assert response.status_code == 400
    assert "9" in " ".join(response.context["lines"].non_field_errors())
    assert not MonitoringPlan.objects.exists()


@pytest.mark.parametrize("samples", ["0", "366", "abc", "", "2.5"])
def test_it_refuses_a_kept_line_with_bad_samples(world: dict[str, Any], personas: Personas, samples: str) -> None:
    response = client_for(personas.bureau).post(URL, _keep(world, ("s1", "pfos", samples)))
    assert response.status_code == 400 and not MonitoringPlan.objects.exists()


def test_it_refuses_a_laboratory_without_a_validated_method(world: dict[str, Any], personas: Personas) -> None:
    data = _keep(world, ("s1", "y", "4"))
    data[f"lab_{world['s1'].pk}_{world['y'].pk}"] = str(world["lab"].pk)  # the lab has no method for Y
    assert client_for(personas.bureau).post(URL, data).status_code == 400
    assert not MonitoringPlan.objects.exists()


def test_it_ignores_lines_the_draft_did_not_propose(world: dict[str, Any], personas: Personas) -> None:
    data = _keep(world, ("s1", "x", "4"))
    data[f"keep_{world['s2'].pk}_{world['x'].pk}"] = "on"  # S2 is beyond 5 km: not proposed
    data[f"samples_{world['s2'].pk}_{world['x'].pk}"] = "4"
    client_for(personas.bureau).post(URL, data)
    assert [ln.site_id for ln in MonitoringPlan.objects.get().lines.all()] == [world["s1"].pk]


def test_it_shows_reason_labels_never_codes(world: dict[str, Any], personas: Personas) -> None:
    page = client_for(personas.bureau).get(URL, PARAMS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Measured RQ high" in page and "Reported by enterprises nearby" in page
    assert "rq_high" not in page and "reported_nearby" not in page and "测试中间体乙" in page


def test_its_queries_do_not_grow_with_sites(world: dict[str, Any], personas: Personas) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_for(personas.bureau).get(URL, {**PARAMS, "distance_km": "10"}).status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        SiteFactory(code=f"GJZ-X{n}", latitude=38.99, longitude=121.61)
    assert count() == before


def test_the_plan_page_lists_the_lines_and_exports_them_for_the_laboratories(
    world: dict[str, Any], personas: Personas
) -> None:
    # given
    data = _keep(world, ("s1", "pfos", "4"), ("s1", "x", "4"))
    data[f"lab_{world['s1'].pk}_{world['pfos'].pk}"] = str(world["lab"].pk)
    client_for(personas.bureau).post(URL, data)
    plan = MonitoringPlan.objects.get()
    # when: a department official opens the plan (officials see plans) and exports it
    official = client_for(personas.department)
    detail = official.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    export = official.get(reverse("monitoring:plan_export", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert "Measured RQ high" in detail and "rq_high" not in detail and "plan-export" in detail
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["all lines", "大连测试检测中心", "no laboratory"]
    rows = list(workbook["大连测试检测中心"].iter_rows(values_only=True))
    assert rows[1][:6] == ("GJZ-01", "甘井子断面", world["pfos"].name_zh, "1763-23-1", 4, "大连测试检测中心")
    assert "Measured RQ high" in rows[1][6]
    assert client_for(personas.enterprise).get(reverse("monitoring:plan_export", args=[plan.pk])).status_code in (
        403, 404)  # fmt: skip


def test_the_menu_shows_the_draft_to_the_bureau_only(personas: Personas) -> None:
    assert URL in client_for(personas.bureau).get("/").content.decode()
    assert URL not in client_for(personas.department).get("/").content.decode()


def test_the_command_line_prints_the_same_draft(world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("risk", "plan-draft", "--budget", "8", "--distance-km", "5", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert (answer["budget"], answer["analyses"]) == (8, 8)
    assert [(line["site"], line["score"], line["selected"]) for line in answer["lines"]] == [
        ("GJZ-01", 130, True),
        ("GJZ-01", 80, False),
        ("GJZ-01", 20, True),
    ]
    with pytest.raises(CommandError, match="--budget"):
        call_command("risk", "plan-draft", "--budget", "0", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--distance-km"):
        call_command("risk", "plan-draft", "--budget", "8", "--distance-km", "nan", stdout=io.StringIO())


def test_the_api_gives_the_same_draft_to_the_bureau_only(world: dict[str, Any], personas: Personas) -> None:
    answer = client_for(personas.bureau).get("/api/risk/plan-draft/?budget=8&distance_km=5")
    assert answer.status_code == 200
    assert [(line["site"], line["reasons"], line["score"], line["selected"]) for line in answer.json()["lines"]] == [
        ("GJZ-01", ["rq_high", "listed", "never_sampled"], 130, True),
        ("GJZ-01", ["estimated_no_data", "reported_nearby", "never_sampled"], 80, False),
        ("GJZ-01", ["reported_nearby", "never_sampled"], 20, True),
    ]
    for bad in ("budget=0", "budget=abc", "budget=8&distance_km=inf", "budget=8&samples_per_year=1.5"):
        refused = client_for(personas.bureau).get(f"/api/risk/plan-draft/?{bad}")
        assert refused.status_code == 400, bad
    assert client_for(personas.department).get("/api/risk/plan-draft/?budget=8").status_code == 403
