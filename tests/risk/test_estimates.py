"""Estimated RQs of unmonitored substances in assessment runs (issue 18): from the releases to water of the
accepted survey reports, flagged as estimates, kept apart from the measured RQs, with PEC beside MEC where a
substance is both, and recorded in the run's inputs so that a re-run reproduces them.

The expected numbers are worked by hand with the model's defaults (tests/science/test_exposure.py): a release of
600 kg/a over 300 d is 2 kg/d into 2,000 m³/d of effluent = 1 mg/L, diluted 10 times = 0.1 mg/L = 100,000 ng/L
(no sewage-treatment removal and no sorption: neither is known, both on the safe side).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from npgov.core.models import District
from npgov.enterprises.models import Enterprise
from npgov.monitoring.models import Result, Site
from npgov.risk.execution import run_execute, run_reproduces
from npgov.risk.models import AssessmentRun, Pnec
from npgov.risk.pnecs import lowest_pnecs
from npgov.risk.selectors import estimated_without_data
from npgov.substances.models import Substance
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.services.workflow import line_save, submission_review, submission_start, submission_submit
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.monitoring.conftest import sites  # noqa: F401  (fixture)
from tests.monitoring.factories import SampleFactory
from tests.risk.factories import AssessmentRunFactory, PnecFactory

pytestmark = pytest.mark.django_db

TOLUENE, PFOS, DCM = "108-88-3", "1763-23-1", "75-09-2"


def released(company: Enterprise, admin: Any, year: int, lines: list[tuple[str, str, str]]) -> Submission:
    """An accepted survey report of ``year`` with (CAS, activity, release to water in kg/a) lines."""
    campaign, _new = Campaign.objects.get_or_create(
        city=District.objects.get(code="210200"), year=year,
        defaults={"title": f"{year}年度调查", "deadline": date(year + 1, 6, 30)},
    )  # fmt: skip
    submission = submission_start(campaign=campaign, enterprise=company, user=admin)
    details = {
        "process": "间歇反应",
        "disposal": "委托处置",
        "control_measures": "密闭",
        "exempted_use": "用于生产灭火泡沫药剂",
    }  # PFOS's tier asks for its exempted use
    for cas, activity, water in lines:
        releases = {"release_air_kg": Decimal(0), "release_water_kg": Decimal(water), "release_soil_kg": Decimal(0),
                    "transfer_kg": Decimal(0)}  # fmt: skip
        line_save(submission=submission, user=admin, identifier=cas, activity=activity, quantity_t=Decimal("5"),
                  uses="溶剂", releases=releases, details=details)  # fmt: skip
    submission_submit(submission=submission, user=admin, filler="甲", reviewer="乙", legal_representative="丙")
    submission_review(submission=submission, user=admin, approve=True)
    submission_review(submission=submission, user=admin, approve=True)
    return submission


@pytest.fixture
def world(personas: Personas, sites: dict[str, Site]) -> dict[str, Any]:  # noqa: F811  (the fixture)
    """Toluene: released by A (600 kg/a, under two activities) and B (30 kg/a), never measured. PFOS: released by
    C (300 kg/a) and measured at one site. Dichloromethane: released by B but without a fresh-water PNEC."""
    admin = personas.sysadmin
    district = District.objects.get(code="210211")
    toluene, pfos, dcm = (Substance.objects.get(cas=cas) for cas in (TOLUENE, PFOS, DCM))
    Pnec.objects.filter(substance=dcm, compartment="freshwater").delete()
    for substance, value in ((toluene, 2000.0), (pfos, 0.65)):
        if substance.pk not in lowest_pnecs():
            PnecFactory(substance=substance, compartment="freshwater", value=value, unit="ng/L", verified=True)
    made = {key: EnterpriseFactory(name=f"企业{key}", district=district) for key in "ABC"}
    released(made["A"], admin, 2025, [(TOLUENE, "processing_use", "500"), (TOLUENE, "production", "100")])
    released(made["B"], admin, 2025, [(TOLUENE, "processing_use", "30"), (DCM, "processing_use", "40")])
    released(made["C"], admin, 2025, [(PFOS, "processing_use", "300")])
    site = sites["DL-DW-01"]
    sample = SampleFactory(site=site, sampled_at=datetime(2025, 5, 1, tzinfo=UTC), matrix="water")
    Result.objects.create(sample=sample, substance=pfos, site=site, sampled_at=sample.sampled_at, matrix="water",
                          value_reported="2.5", unit_reported="ng/L", qualifier="detected", value=2.5, lod=0.1,
                          loq=0.3)  # fmt: skip
    return {"admin": admin, "companies": made, "toluene": toluene, "pfos": pfos, "pnecs": lowest_pnecs()}


def test_a_run_estimates_the_unmonitored_and_sets_pec_beside_mec(world: dict[str, Any]) -> None:
    run = run_execute(AssessmentRunFactory())
    toluene, pfos, pnecs = world["toluene"], world["pfos"], world["pnecs"]
    estimates = {row["cas"]: row for row in run.results["estimates"]}
    assert set(estimates) == {TOLUENE, PFOS}  # dichloromethane: no fresh-water PNEC, no RQ of any kind
    row = estimates[TOLUENE]
    assert (row["estimate"], row["measured"], row["survey_year"], row["enterprises"]) == (True, False, 2025, 2)
    assert (row["release_kg_total"], row["release_kg_worst"]) == (630.0, 600.0)  # A's two activities summed
    assert row["pec"] == pytest.approx(100_000, rel=1e-12)
    assert row["rq"] == pytest.approx(100_000 / pnecs[toluene.pk].value_ng_l, rel=1e-12)
    assert row["stp_removal"] is False and row["substance_id"] == toluene.pk
    # PFOS is measured: the row keeps the estimate and shows the measured MEC and RQ beside it
    both = estimates[PFOS]
    assert both["measured"] is True and both["mec_max"] == 2.5 and both["measured_sites"] == 1
    assert both["pec"] == pytest.approx(50_000, rel=1e-12)  # 300 kg/a: half of toluene's worst
    assert both["measured_rq_max"] == pytest.approx(2.5 / pnecs[pfos.pk].value_ng_l, rel=1e-12)
    # the measured RQs hold no estimate: toluene has no site row
    assert {r["substance_id"] for r in run.results["sites"]} == {pfos.pk}
    assert estimated_without_data(compartment="freshwater") == {
        toluene.pk: {"rq": row["rq"], "pec_ng_l": row["pec"], "enterprises": 2, "run_id": run.pk}
    }


def test_the_run_records_what_it_read_and_reproduces(world: dict[str, Any]) -> None:
    run = run_execute(AssessmentRunFactory())
    inputs = run.inputs["estimates"]
    assert (inputs["computed"], inputs["survey_year"], inputs["releases"]) == (True, 2025, 4)
    assert inputs["koc_l_per_kg"] == 0 and inputs["scenario"]["dilution"]["value"] == 10
    assert all(not entry["verified"] for entry in inputs["scenario"].values())
    assert run_reproduces(run)
    # a report accepted since for the same year changes what the estimate reads: the re-run is not identical
    late = EnterpriseFactory(name="企业D", district=District.objects.get(code="210211"))
    released(late, world["admin"], 2025, [(TOLUENE, "processing_use", "900")])
    assert not run_reproduces(run)
    # a newer survey year does not move a run that read 2025: it reads the year it recorded
    run = run_execute(AssessmentRunFactory())
    released(late, world["admin"], 2026, [(TOLUENE, "processing_use", "5")])
    assert run_reproduces(run) and run.inputs["estimates"]["survey_year"] == 2025


def test_no_estimates_for_marine_runs_and_runs_without_the_option(world: dict[str, Any]) -> None:
    marine = run_execute(AssessmentRunFactory(compartment="marine"))
    assert marine.results["estimates"] == [] and marine.inputs["estimates"] == {
        "computed": False,
        "reason": "compartment",
    }
    plain = run_execute(AssessmentRunFactory(estimate_unmonitored=False))
    assert "estimates" not in plain.results and "estimates" not in plain.inputs
    assert estimated_without_data(compartment="freshwater") == {}  # the newest run estimated nothing


def test_the_run_page_flags_estimates_apart_from_measured_rqs(world: dict[str, Any], personas: Personas) -> None:
    run = run_execute(AssessmentRunFactory())
    client = client_for(personas.bureau)
    with translation.override("zh-hans"):
        page = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    estimated = page.split('id="run-estimated"')[1].split("</table>")[0]
    assert "甲苯" in estimated and "估算" in estimated and "1e+05" in estimated
    assert "PFOS" not in estimated and "全氟辛基磺酸" not in estimated  # measured: in the PEC beside MEC table
    beside = page.split('id="run-pec-mec"')[1].split("</table>")[0]
    assert "1763-23-1" in beside and "5e+04" in beside and "2.5" in beside
    measured = page.split('id="run-sites"')[1].split("</table>")[0]
    assert TOLUENE not in measured  # never among the measured rows
    english = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Estimated risk quotients of substances without monitoring data" in english
    assert "accepted survey reports of 2025" in english


def test_the_api_takes_the_option_as_yes_or_no_words(world: dict[str, Any], personas: Personas) -> None:
    client = client_for(personas.bureau)
    refused = client.post("/api/risk/runs/", {"title": "试算", "estimate_unmonitored": "maybe"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and "estimate_unmonitored" in refused.json()
    answer = client.post("/api/risk/runs/", {"title": "试算", "estimate_unmonitored": "否"},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 202
    assert AssessmentRun.objects.get(pk=answer.json()["run"]).estimate_unmonitored is False
    default = client.post("/api/risk/runs/", {"title": "默认"}, content_type="application/json")
    assert AssessmentRun.objects.get(pk=default.json()["run"]).estimate_unmonitored is True
    detail = client.get(f"/api/risk/runs/{default.json()['run']}/")
    assert json.loads(detail.content)["estimate_unmonitored"] is True


def test_the_cli_prints_a_pec_step_by_step_and_a_runs_estimates(world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("risk", "pec", "--release", "600", "--pnec", "2000", "--json", stdout=out)
    steps = json.loads(out.getvalue())
    assert steps["clocal_inf_mg_per_l"] == 1.0 and steps["pec_ng_per_l"] == pytest.approx(100_000)
    assert steps["estimated_rq"] == pytest.approx(50) and steps["removal_known"] is False
    with pytest.raises(CommandError, match="must not be negative"):
        call_command("risk", "pec", "--release", "-1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no finished fresh-water run"):
        call_command("risk", "estimates", stdout=io.StringIO())
    run = run_execute(AssessmentRunFactory())
    out = io.StringIO()
    call_command("risk", "estimates", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["run"] == run.pk and {r["cas"] for r in answer["estimates"]} == {TOLUENE, PFOS}
    assert [r["rq"] for r in answer["estimates"]] == sorted((r["rq"] for r in answer["estimates"]), reverse=True)
    out = io.StringIO()
    call_command("risk", "estimates", "--run", str(run.pk), stdout=out)
    assert "estimates (PEC / PNEC), not measurements" in out.getvalue() and "MEC max=2.5" in out.getvalue()
