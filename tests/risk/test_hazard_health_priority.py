"""Hazard data (PBT, PNEC derivation, import), health-risk runs, run pages and the local priority list workflow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse

from npgov.core.models import Job
from npgov.risk.hazard_data import hazard_data_load, hazard_profile
from npgov.risk.models import AssessmentRun, EcotoxEndpoint, HazardDatum, Pnec, PriorityDraft, PriorityReview
from npgov.risk.priority import PriorityError, draft_from_run, draft_publish, experts_assign, review_submit
from npgov.risk.services import pnecs_load
from npgov.science.risk import exposure_parameters, hazard_quotient
from npgov.substances.models import Substance
from tests.capacity.factories import ExpertFactory
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.monitoring.conftest import import_file, labs, long_file, sites  # noqa: F401  (fixtures)
from tests.risk.factories import AssessmentRunFactory, EcotoxEndpointFactory, HazardDatumFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


# --- hazard data --------------------------------------------------------------------------------------------------
def test_shipped_hazard_data_load_once_and_drive_the_pbt_screening(org: None) -> None:
    counts = hazard_data_load()
    assert counts["created"] > 40 and hazard_data_load()["created"] == 0  # idempotent
    hbcdd = hazard_profile(Substance.objects.get(cas="25637-99-4"))
    # BCF 18 100 > 5000, sediment half-life 191 d > 180 d, Daphnia NOEC 0.0031 mg/L < 0.01 mg/L
    assert hbcdd.pbt["vB"]["status"] == "met" and hbcdd.pbt["vB"]["datum"] == 18100
    assert hbcdd.pbt["P"]["status"] == "met" and hbcdd.pbt["T"]["status"] == "met"
    assert hbcdd.pbt["PBT"] == "met" and hbcdd.pbt["vPvB"] == "met"
    assert hbcdd.used["NOEC/EC10"].species == "Daphnia magna"
    sulfa = hazard_profile(Substance.objects.get(cas="723-46-6"))
    assert sulfa.pbt["B"]["status"] == "not met"  # log Kow 0.89 ≤ 4.5: screened out
    assert sulfa.derivation["assessment_factor"] == 1000
    assert sulfa.derivation["pnec"] == pytest.approx(0.0268 / 1000)


def test_unreliable_data_are_shown_but_not_used(org: None) -> None:
    hazard_data_load()
    pfos = Substance.objects.get(cas="1763-23-1")
    HazardDatumFactory(substance=pfos, property="bcf", value=90000, kind="estimated", reliability=3)  # unchecked QSAR
    profile = hazard_profile(pfos)
    assert profile.pbt["B"]["datum"] != 90000 and any(d.value == 90000 for d in profile.excluded)


def test_the_profile_page_shows_the_data_and_only_the_bureau_adopts_the_derived_pnec(personas: Personas) -> None:
    hazard_data_load()
    sulfa = Substance.objects.get(cas="723-46-6")
    page = client_for(personas.department).get(reverse("risk:hazard_profile", args=[sulfa.pk]))
    assert page.status_code == 200 and "Synechococcus leopoliensis" in page.content.decode()
    assert not page.context["may_adopt"]  # departments read, the bureau writes
    assert client_for(personas.department).post(reverse("risk:pnec_adopt", args=[sulfa.pk])).status_code == 403
    response = client_for(personas.bureau).post(reverse("risk:pnec_adopt", args=[sulfa.pk]))
    assert response.status_code == 302
    pnec = Pnec.objects.get(substance=sulfa, derivation__isnull=False)
    assert pnec.value == pytest.approx(0.0268) and pnec.unit == "µg/L" and pnec.derivation["assessment_factor"] == 1000
    assert not pnec.verified  # its endpoints are not all verified
    pfos = Substance.objects.get(cas="1763-23-1")  # no endpoints: nothing to derive
    client = client_for(personas.bureau)
    client.post(reverse("risk:pnec_adopt", args=[pfos.pk]))
    assert not Pnec.objects.filter(substance=pfos, derivation__isnull=False).exists()
    shown = client.get(reverse("risk:hazard_profile", args=[pfos.pk]))
    assert "TGD Table 16" in shown.content.decode()


def _upload(client, url: str, text: str, name: str = "hazard.csv"):  # noqa: ANN001, ANN202
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return client.post(url, {"file": upload})


def test_hazard_data_import_all_or_nothing_with_row_errors(personas: Personas) -> None:
    client = client_for(personas.bureau)
    url = reverse("risk:hazard_import")
    bad = ("substance,property,value,text,kind,reliability,source\n"
           "80-05-7,log_kow,3.3,,experimental,2,src A\n"
           "999-99-9,bcf,10,,experimental,2,src B\n"
           "80-05-7,classification,,,regulatory,1,src C\n"
           "80-05-7,bcf,-5,,experimental,2,src D\n")  # fmt: skip
    response = _upload(client, url, bad)
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert (3, "substance") in errors and (4, "text") in errors and (5, "value") in errors
    assert not HazardDatum.objects.exists()  # nothing half-written
    good = "substance,property,value,text,kind,reliability,source\n0080-05-7,log_kow,3.3,,experimental,2,src A\n"
    assert _upload(client, url, good, "good.csv").status_code == 302
    assert HazardDatum.objects.get().substance.cas == "80-05-7"
    endpoints = ("substance,species,trophic_level,duration,endpoint,value_mg_l,source\n"
                 "80-05-7,Daphnia magna,invertebrates,short-term,NOEC,1,src\n")  # fmt: skip
    response = _upload(client, reverse("risk:endpoint_import"), endpoints, "e.csv")
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(2, "endpoint")]
    assert not EcotoxEndpoint.objects.exists()
    assert client_for(personas.department).get(url).status_code == 403


# --- health-risk runs ---------------------------------------------------------------------------------------------
def test_a_health_run_at_drinking_water_sources_with_edited_exposure(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    hazard_data_load()
    import_file(long_file(tmp_path))  # PFOS 1.5 and 2 ng/L at DL-DW-01 (a drinking-water source)
    client = client_for(personas.bureau)
    form = {"title": "饮用水", "kind": "health", "compartment": "freshwater", "mec_statistic": "max"}
    bad = client.post(reverse("risk:run_add"), {**form, "child_bw": "-3", "start": "2025-02-01", "end": "2025-01-01"})
    assert bad.status_code == 400 and {"child_bw", "end"} <= set(bad.context["form"].errors)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("risk:run_add"), {**form, "child_bw": "20"}).status_code == 302
    run = AssessmentRun.objects.get(kind="health")
    assert run.status == "done" and run.exposure == {"child": {"bw": 20.0}}
    assert run.inputs["exposure"]["child"]["values"]["bw"] == 20.0 and run.inputs["toxicity"]["1763-23-1"]["rfd"]
    row = next(r for r in run.results["rows"] if r["cas"] == "1763-23-1")
    expected = hazard_quotient(c_mg_l=2e-6, rfd=2e-5, exposure=exposure_parameters("child", bw=20.0))
    assert row["site"] == "DL-DW-01" and row["c_ng_l"] == 2.0 and row["hq_child"] == pytest.approx(expected)
    pfoa = next(r for r in run.results["rows"] if r["cas"] == "335-67-1")  # only "ND": an upper bound
    assert pfoa["upper_bound"] and pfoa["hq_child"] > 0
    site = run.results["sites"][0]
    detected = [r for r in run.results["rows"] if not r["upper_bound"]]
    assert site["hi_child"] == pytest.approx(sum(r["hq_child"] or 0 for r in detected))  # bounds not summed
    assert not site["concern"] and not site["cannot_conclude"]
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "DL-DW-01" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(run.get_absolute_url(), {"action": "check"}).status_code == 302  # a job
    checked = Job.objects.get(task="risk.run_reproduce").result["url"]  # its page links back with the outcome
    assert client.get(checked).context["reproduced"] is True
    assert client.get(reverse("risk:run_map", args=[run.pk])).status_code == 200


# --- ecological run pages -----------------------------------------------------------------------------------------
@pytest.fixture
def eco_run(personas: Personas, sites: dict, labs: dict, tmp_path: Path) -> AssessmentRun:  # noqa: F811
    from npgov.risk.services import run_execute

    pnecs_load()
    import_file(long_file(tmp_path))
    run = AssessmentRunFactory(kind="ecological", mec_statistic="max", created_by=personas.bureau)
    return run_execute(run)


def test_a_run_is_shown_as_a_map_a_substance_profile_a_workbook_and_a_printable_report(
    personas: Personas, eco_run: AssessmentRun
) -> None:
    from openpyxl import load_workbook

    client = client_for(personas.department)
    points = client.get(reverse("risk:run_map", args=[eco_run.pk])).context["points"]
    assert {p["code"]: p["category"] for p in points}["DL-DW-01"] == "high"  # PFOS RQ > 1 there
    pfos = Substance.objects.get(cas="1763-23-1")
    profile = client.get(reverse("risk:run_substance", args=[eco_run.pk, pfos.pk]))
    lowest = Pnec.objects.filter(substance=pfos, compartment="freshwater").order_by("value_ng_l").first()
    assert profile.status_code == 200 and profile.context["pnec"] == lowest
    assert profile.context["n_results"] == 2 and profile.context["chart"][0]["category"] == "high"
    workbook = load_workbook(io.BytesIO(client.get(eco_run.get_absolute_url() + "?export=xlsx").content))
    assert workbook.sheetnames[0] in ("parameters", "参数") and len(workbook.sheetnames) == 5  # estimates
    ranking = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert ranking[1][0] == "1763-23-1"
    printed = client.get(eco_run.get_absolute_url() + "?print=1")
    assert printed.status_code == 200 and eco_run.digest in printed.content.decode()
    assert client_for(personas.enterprise).get(reverse("risk:run_map", args=[eco_run.pk])).status_code == 404


# --- the local priority list --------------------------------------------------------------------------------------
def test_priority_list_draft_review_publish_and_classification_sees_it(
    personas: Personas, eco_run: AssessmentRun
) -> None:
    from npgov.regulations.models import RegulatoryList
    from npgov.regulations.services.classification import classify_identifier

    bureau = client_for(personas.bureau)
    form = {"title": "大连市优先控制新污染物清单（2026）", "run": eco_run.pk, "district": "", "year": 2026, "size": 5}
    from npgov.core.models import District

    city = District.objects.get(code="210200")
    district_user = client_for(personas.district)
    assert district_user.post(reverse("risk:priority_add"), {**form, "district": city.pk}).status_code == 403
    response = bureau.post(reverse("risk:priority_add"), {**form, "district": city.pk})
    assert response.status_code == 302
    draft = PriorityDraft.objects.get()
    assert draft.list_code == "CITY-210200-PRIORITY-2026" and draft.items.first().substance.cas == "1763-23-1"
    # publication waits for a review
    bureau.post(reverse("risk:priority_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft" and not RegulatoryList.objects.filter(code=draft.list_code).exists()
    expert = ExpertFactory(user=personas.expert)
    other = ExpertFactory()  # no account yet
    assert client_for(personas.expert).get(draft.get_absolute_url()).status_code == 404  # not asked yet
    bureau.post(reverse("risk:priority_experts", args=[draft.pk]), {"experts": [expert.pk]})
    draft.refresh_from_db()
    assert draft.status == "review" and draft.reviews.get().verdict == "pending"
    expert_client = client_for(personas.expert)
    assert expert_client.get(draft.get_absolute_url()).context["review_form"] is not None
    expert_client.post(reverse("risk:priority_review", args=[draft.pk]), {"verdict": "disagree", "comment": " "})
    assert draft.reviews.get().verdict == "pending"  # disagreeing needs a reason
    expert_client.post(reverse("risk:priority_review", args=[draft.pk]),
                       {"verdict": "changes", "comment": "建议补充抗生素类物质的监测数据。"})  # fmt: skip
    review = PriorityReview.objects.get()
    assert review.verdict == "changes" and review.submitted_at and review.history.count() >= 2
    assert expert_client.post(reverse("risk:priority_publish", args=[draft.pk])).status_code == 403
    assert client_for(personas.department).get(draft.get_absolute_url()).status_code == 200
    other.user = UserFactory(username="oscar", role="expert")
    other.save()
    outsider = client_for(other.user)
    assert outsider.get(draft.get_absolute_url()).status_code == 404
    assert outsider.post(reverse("risk:priority_review", args=[draft.pk]), {"verdict": "agree"}).status_code == 404
    assert expert_client.get(eco_run.get_absolute_url()).status_code == 200  # the evidence behind the draft
    assert outsider.get(eco_run.get_absolute_url()).status_code == 404
    assert client_for(personas.district).get(draft.get_absolute_url()).status_code == 404  # drafts stay internal
    bureau.post(reverse("risk:priority_publish", args=[draft.pk]))
    draft.refresh_from_db()
    published = RegulatoryList.objects.get(code="CITY-210200-PRIORITY-2026", is_current=True)
    assert draft.status == "published" and draft.published_list == published and published.kind == "local_priority"
    assert published.entries.first().members.first().substance.cas == "1763-23-1"
    codes = {m.entry.regulatory_list.code for m in classify_identifier("1763-23-1").matches}
    assert "CITY-210200-PRIORITY-2026" in codes and "CN-KCNP-2023" in codes
    # the published list cannot be edited any more; a new draft for the same year becomes revision 2
    bureau.post(reverse("risk:priority_items", args=[draft.pk]), {"included": []})
    assert draft.items.filter(included=True).exists()
    bureau.post(reverse("risk:priority_add"), {**form, "district": city.pk, "title": "修订"})
    second = PriorityDraft.objects.exclude(pk=draft.pk).get()
    bureau.post(reverse("risk:priority_experts", args=[second.pk]), {"experts": [expert.pk]})
    expert_client.post(reverse("risk:priority_review", args=[second.pk]), {"verdict": "agree", "comment": ""})
    bureau.post(reverse("risk:priority_publish", args=[second.pk]))
    revision_2 = RegulatoryList.objects.get(code=draft.list_code, is_current=True)
    assert revision_2.revision == 2 and revision_2.entries.count() == second.items.filter(included=True).count()
    published.refresh_from_db()
    draft.refresh_from_db()
    assert not published.is_current and draft.published_list == published  # the first draft keeps revision 1


def test_a_draft_needs_a_finished_ecological_run(personas: Personas, org: None) -> None:
    from npgov.core.models import District

    run = AssessmentRunFactory(status="queued")
    city = District.objects.get(code="210200").pk
    response = client_for(personas.bureau).post(
        reverse("risk:priority_add"), {"title": "x", "run": run.pk, "district": city, "year": 2026, "size": 5}
    )
    assert response.status_code == 400 and "run" in response.context["form"].errors
    health = AssessmentRunFactory(kind="health", status="done")
    with pytest.raises(PriorityError):
        draft_from_run(run=health, district=District.objects.get(code="210200"), year=2026, title="x",
                       user=personas.bureau)  # fmt: skip
    assert not PriorityDraft.objects.exists()


def test_hazard_flags_make_a_substance_of_high_concern_in_the_three_highs(org: None) -> None:
    from npgov.risk.selectors import three_highs

    hazard_data_load()
    rows = {r.substance.cas: r for r in three_highs(volume_threshold_t=100, detection_threshold=0.5)}
    hbcdd = rows["25637-99-4"]
    assert {"PBT", "vPvB"} <= set(hbcdd.hazard) and hbcdd.high_concern
    bpa = rows["80-05-7"]
    assert "ED" in bpa.hazard and "CMR/STOT RE: Repr. 1B" in bpa.hazard
    # estradiol: its only hazard flag is endocrine disruption, and that flag alone is shown as its hazard evidence
    e2 = rows["50-28-2"]
    assert e2.hazard == ["ED"] and e2.high_concern


def test_an_unpublished_draft_can_be_withdrawn_but_a_published_one_cannot(
    personas: Personas, eco_run: AssessmentRun
) -> None:
    from npgov.core.models import District

    bureau = client_for(personas.bureau)
    city = District.objects.get(code="210200").pk
    bureau.post(reverse("risk:priority_add"), {"title": "撤回", "run": eco_run.pk, "district": city, "year": 2027,
                                               "size": 3})  # fmt: skip
    draft = PriorityDraft.objects.get()
    assert client_for(personas.department).post(reverse("risk:priority_withdraw", args=[draft.pk])).status_code == 403
    bureau.post(reverse("risk:priority_withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "withdrawn" and draft.history.first().history_user == personas.bureau
    bureau.post(reverse("risk:priority_withdraw", args=[draft.pk]))  # twice: refused, still withdrawn
    expert = ExpertFactory(user=personas.expert)
    bureau.post(reverse("risk:priority_experts", args=[draft.pk]), {"experts": [expert.pk]})
    assert not draft.reviews.exists()  # no experts on a withdrawn draft


def test_cmr_classification_flags_high_concern_even_when_a_low_noec_decides_t(org: None) -> None:
    from npgov.risk.hazard_data import hazard_flags

    substance = Substance.objects.get(cas="75-09-2")
    HazardDatumFactory(
        substance=substance, property="classification", value=None, text="Carc. 1B", kind="regulatory", reliability=1
    )
    EcotoxEndpointFactory(substance=substance, duration="long-term", endpoint="NOEC", value_mg_l=0.001)  # Daphnia
    profile = hazard_profile(substance)
    assert profile.pbt["T"]["basis"].startswith("long-term NOEC")  # T decided by the NOEC …
    assert "CMR/STOT RE: Carc. 1B" in hazard_flags(profile)  # … and the classification still flags it


def test_reviews_follow_the_selection_and_dissent_needs_a_response(personas: Personas, eco_run: AssessmentRun) -> None:
    from npgov.core.models import District
    from npgov.risk.models import PriorityItem

    draft = draft_from_run(run=eco_run, district=District.objects.get(code="210200"), year=2026, title="清单",
                           user=personas.bureau)  # fmt: skip
    assert PriorityItem.history.filter(history_user=personas.bureau).count() == draft.items.count()
    no_account = ExpertFactory(user=None)
    with pytest.raises(PriorityError):
        experts_assign(draft=draft, experts=[no_account], user=personas.bureau)
    expert = ExpertFactory(user=personas.expert)
    experts_assign(draft=draft, experts=[expert], user=personas.bureau)
    review = draft.reviews.get()
    review_submit(review=review, verdict="disagree", comment="PFOS数据不足。", user=personas.expert)
    bureau = client_for(personas.bureau)
    item = draft.items.first()
    bureau.post(reverse("risk:priority_items", args=[draft.pk]), {"included": []})  # take everything off …
    review.refresh_from_db()
    assert review.verdict == "pending" and review.comment  # … the expert signed off on another selection
    bureau.post(reverse("risk:priority_items", args=[draft.pk]), {"included": [item.pk]})
    review_submit(review=review, verdict="disagree", comment="仍然不同意。", user=personas.expert)
    with pytest.raises(PriorityError):
        draft_publish(draft=draft, user=personas.bureau)
    bureau.post(reverse("risk:priority_publish", args=[draft.pk]), {"response": "已在下一轮监测中补充，先行发布。"})
    draft.refresh_from_db()
    assert draft.status == "published" and "先行发布" in draft.note


def test_a_substance_without_cas_is_drafted_and_published_with_its_registry_link(personas: Personas) -> None:
    from npgov.core.models import District

    nameless = SubstanceFactory(cas=None, name_zh="某抗生素代谢物")
    run = AssessmentRunFactory(status="done", results={"substances": [
        {"cas": str(nameless.pk), "substance_id": nameless.pk, "name": nameless.name_zh, "risk_score": 1.5,
         "category": 1, "frequency_of_exceedance": 1.0, "extent_of_exceedance": 500.0}]})  # fmt: skip
    draft = draft_from_run(run=run, district=District.objects.get(code="210200"), year=2026, title="x",
                           user=personas.bureau)  # fmt: skip
    assert draft.items.get().substance == nameless
    expert = ExpertFactory(user=personas.expert)
    experts_assign(draft=draft, experts=[expert], user=personas.bureau)
    review_submit(review=draft.reviews.get(), verdict="agree", comment="", user=personas.expert)
    published = draft_publish(draft=draft, user=personas.bureau)
    member = published.entries.get().members.get()
    assert member.substance == nameless and member.cas == ""


def test_sediment_pnecs_imported_with_unit_checks_and_a_sediment_run(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    tmp_path: Path,
) -> None:
    from npgov.risk.services import run_execute

    import_file(long_file(tmp_path))  # PFOS 0.84 ng/g dw in the sediment at DL-SD-01
    client = client_for(personas.bureau)
    header = "substance,compartment,value,unit,basis,source\n"
    bad = header + "1763-23-1,sediment,0.5,µg/kg dw,示例,来源\n1763-23-1,sediment,0.5,µg/L,示例,来源\n"
    response = _upload(client, reverse("risk:pnec_import"), bad, "pnec.csv")
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "unit")]
    assert not Pnec.objects.exists()
    good = header + "1763-23-1,sediment,0.5,µg/kg dw,示例,来源\n"
    assert _upload(client, reverse("risk:pnec_import"), good, "pnec-good.csv").status_code == 302
    assert Pnec.objects.get().value_ng_l == pytest.approx(0.5)  # ng/g dw, the sediment results' unit
    run = run_execute(AssessmentRunFactory(compartment="sediment", mec_statistic="max"))
    (row,) = run.results["sites"]
    assert (row["site"], row["mec"], row["category"]) == ("DL-SD-01", 0.84, "high")
    assert row["rq"] == pytest.approx(0.84 / 0.5)
    assert client.get(run.get_absolute_url()).context["unit"] == "ng/g dw"


# --- the API ------------------------------------------------------------------------------------------------------
def test_the_api_starts_a_run_validates_it_and_reads_runs_profiles_and_lists(
    personas: Personas,
    sites: dict,  # noqa: F811  (the fixture)
    labs: dict,  # noqa: F811
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    from rest_framework.test import APIClient

    pnecs_load()
    hazard_data_load()
    import_file(long_file(tmp_path))
    api = APIClient()
    api.force_authenticate(personas.bureau)
    url = reverse("api:risk-run-list")
    bad = api.post(url, {"title": "", "kind": "health", "mec_statistic": "mode", "exposure": {"child": {"bw": -1}}},
                   format="json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert bad.status_code == 400 and {"title", "mec_statistic", "exposure.child.bw"} <= set(bad.json())
    assert bad.json()["exposure.child.bw"] == ["Must be a positive number."]
    unknown = api.post(url, {"title": "x", "exposure": {"child": {"weight": 20}}}, format="json")
    assert unknown.status_code == 400 and "exposure" in unknown.json()
    assert not AssessmentRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(url, {"title": "API 健康", "kind": "health", "mec_statistic": "max",
                                 "exposure": {"child": {"bw": 20}}}, format="json")  # fmt: skip
    assert started.status_code == 202
    run = AssessmentRun.objects.get(pk=started.json()["run"])
    assert run.status == "done" and run.exposure == {"child": {"bw": 20.0}}
    detail = api.get(reverse("api:risk-run-detail", args=[run.pk])).json()
    assert detail["digest"] == run.digest and detail["results"]["rows"]
    assert "results" not in api.get(url).json()["results"][0]  # the list stays light
    department = APIClient()
    department.force_authenticate(personas.department)
    assert department.post(url, {"title": "x"}, format="json").status_code == 403
    hbcdd = Substance.objects.get(cas="25637-99-4")
    profile = department.get(reverse("api:risk-hazard-profile", args=[hbcdd.pk])).json()
    assert profile["pbt"]["PBT"] == "met" and profile["used"]["BCF"]["model"] == "hazarddatum"
    pnecs = department.get(reverse("api:risk-pnec-list") + "?compartment=marine").json()
    assert pnecs["count"] > 0 and {p["compartment"] for p in pnecs["results"]} == {"marine"}
