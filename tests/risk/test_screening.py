"""PNECs with provenance and the three-highs screening with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from npgov.core.models import Job
from npgov.risk.models import Pnec
from npgov.risk.selectors import three_highs
from npgov.risk.services import lowest_pnecs, pnecs_load
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas, client_for
from tests.monitoring.conftest import import_file, labs, long_file, sites  # noqa: F401  (fixtures)
from tests.surveys.test_workflow import enterprise  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_pnecs_load_with_sources_and_convert_to_ng_per_litre(org: None) -> None:
    counts = pnecs_load()
    # one PNEC's substance enters the registry with the product limits, loaded separately
    assert counts["created"] + counts["substance_not_in_registry"] == 41 and counts["created"] >= 40
    assert pnecs_load()["created"] == 0  # idempotent
    pfos = Pnec.objects.filter(substance__cas="1763-23-1", compartment="freshwater").order_by("value_ng_l").first()
    assert pfos.value_ng_l == pytest.approx(pfos.value * 1000) and pfos.source
    assert Pnec.objects.filter(verified=False).exists() and Pnec.objects.filter(verified=True).exists()
    lowest = lowest_pnecs()
    assert lowest[pfos.substance_id] == pfos


def test_it_flags_the_three_highs_with_their_evidence(
    personas: Personas,
    enterprise,  # noqa: F811  (the fixture)
    sites: dict,  # noqa: F811
    labs: dict,  # noqa: F811
    tmp_path: Path,
) -> None:
    accepted_report(enterprise, personas.sysadmin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂")
    import_file(long_file(tmp_path))  # PFOS detected at DL-DW-01 twice, PFOA only as ND
    rows = {r.substance.cas: r for r in three_highs(volume_threshold_t=1, detection_threshold=0.5)}
    pfos = rows["1763-23-1"]
    assert pfos.high_concern and any(c.startswith("CN-KCNP-2023") for c in pfos.concern)
    assert pfos.high_volume and pfos.volume_t == 2 and pfos.volume_enterprises == 1 and pfos.volume_year == 2024
    assert pfos.high_detection and pfos.detection_frequency == 1.0 and pfos.flags == 3
    pfoa = rows["335-67-1"]
    assert pfoa.detection_frequency == 0.0 and not pfoa.high_detection and pfoa.high_concern
    strict = {r.substance.cas: r for r in three_highs(volume_threshold_t=10, detection_threshold=1.1)}
    assert not strict["1763-23-1"].high_volume and not strict["1763-23-1"].high_detection


def test_the_screening_page_ignores_a_bad_threshold_exports_csv_and_is_closed_to_districts(
    personas: Personas, org: None
) -> None:
    response = client_for(personas.bureau).get(reverse("risk:screening") + "?flags=1&volume=x")
    assert response.status_code == 200 and response.context["volume"] == 100.0  # a bad number falls back
    export = client_for(personas.department).get(reverse("risk:screening") + "?export=csv")
    assert export.status_code == 200 and "CAS" in b"".join(export.streaming_content).decode("utf-8-sig")
    assert client_for(personas.district).get(reverse("risk:screening")).status_code == 403


def test_an_assessment_run_ranks_keeps_its_inputs_and_reproduces(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    tmp_path: Path,
    django_capture_on_commit_callbacks,  # the job runs when the request's transaction commits
) -> None:
    from npgov.risk.models import AssessmentRun

    pnecs_load()
    import_file(long_file(tmp_path))  # PFOS 1.5 and 2 ng/L at DL-DW-01; PFOA only "ND" (LOD 0.1 ng/L)
    client = client_for(personas.bureau)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("risk:run_add"), {"title": "2025 水体", "compartment": "freshwater",
                                                          "mec_statistic": "max"})  # fmt: skip
    assert response.status_code == 302
    run = AssessmentRun.objects.get()
    assert run.status == "done" and len(run.digest) == 64 and run.inputs["results"] >= 3
    sites_rq = {(r["site"], r["cas"]): r for r in run.results["sites"]}
    pfos = sites_rq[("DL-DW-01", "1763-23-1")]
    assert pfos["mec"] == 2.0 and pfos["category"] == "high"  # 2 ng/L against a PNEC below 1 ng/L
    pfoa = sites_rq[("DL-DW-01", "335-67-1")]
    assert pfoa["rq"] is not None and pfoa["rq_is_upper_bound"]  # never detected: LOQ / PNEC at most
    assert run.results["substances"][0]["cas"] == "1763-23-1"
    # re-running is a job (issue 17): the button starts it, its page links back to the run with the outcome
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(run.get_absolute_url(), {"action": "check"})
    job = Job.objects.get(task="risk.run_reproduce")
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    assert job.status == "succeeded" and job.result["identical"] is True
    page = client.get(job.result["url"])
    assert page.status_code == 200 and page.context["reproduced"] is True
    assert client.get(run.get_absolute_url() + "?check=1").context["reproduced"] is None  # not that run's job
    assert client_for(personas.district).post(run.get_absolute_url(), {"action": "check"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("risk:run_add"), {"title": "km", "compartment": "freshwater", "mec_statistic": "km_mean"})
    second = AssessmentRun.objects.exclude(pk=run.pk).get()
    compared = client.get(run.get_absolute_url() + f"?compare={second.pk}").context["comparison"]
    assert {c["cas"] for c in compared} >= {"1763-23-1"}
    csv = client.get(run.get_absolute_url() + "?export=csv")
    assert "1763-23-1" in b"".join(csv.streaming_content).decode("utf-8-sig")
    assert client_for(personas.district).post(reverse("risk:run_add"), {"title": "x"}).status_code == 403
