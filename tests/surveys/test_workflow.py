"""The survey workflow through the pages: draft, lines, submit with sign-offs, district return, resubmit, accept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from npgov.core.models import District
from npgov.enterprises.models import Enterprise
from npgov.surveys.models import Campaign, Submission
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org: None) -> Campaign:
    return CampaignFactory(year=2025)  # Dalian's 2025 round, due 2026-06-30


@pytest.fixture
def enterprise(personas: Personas) -> Enterprise:
    company = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    company.users.add(personas.enterprise)
    return company


def line_fields() -> dict[str, str]:
    return {
        "action": "line",
        "identifier": "75-09-2",
        "activity": "processing_use",
        "quantity_t": "12.5",
        "uses": "清洗剂",
        "release_air_kg": "300",
        "release_water_kg": "0",
        "release_soil_kg": "0",
        "transfer_kg": "0",
    }


def line(client, submission: Submission, **data: object):  # type: ignore[no-untyped-def]
    return client.post(submission.get_absolute_url(), {**line_fields(), **data})


def test_a_report_is_drafted_signed_returned_corrected_and_accepted(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    company = client_for(personas.enterprise)
    company.post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    submission = Submission.objects.get()
    # an unknown name is refused; a key-controlled substance needs its control measures
    assert "不是" in line(company, submission, identifier="某种未知物质").content.decode()
    assert line(company, submission).status_code == 302
    assert submission.lines.get().tiers == ["key", "detailed", "basic"]
    signed = {"action": "submit", "filler": "陈工", "reviewer": "王经理", "legal_representative": "李董"}
    page = company.post(submission.get_absolute_url(), signed).content.decode()
    assert "control_measures" in page and Submission.objects.get().status == "draft"
    # the line is corrected in place (adding the same substance and activity again is refused, issue 16)
    correct = reverse("surveys:line_edit", args=[submission.pk, submission.lines.get().pk])
    fields = {k: v for k, v in line_fields().items() if k != "action"}
    company.post(correct, {**fields, "control_measures": "密闭操作，活性炭吸附", "process": "清洗",
                           "disposal": "危废处置", "exempted_use": ""})  # fmt: skip
    assert company.post(submission.get_absolute_url(), signed).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted" and len(submission.frozen_sha256) == 64
    first_sha = submission.frozen_sha256
    # the district returns it with a comment; the enterprise corrects and resubmits
    district = client_for(personas.district)
    district.post(submission.get_absolute_url(), {"action": "review", "decision": "return", "comment": "请核实排放量"})
    submission.refresh_from_db()
    assert submission.status == "returned" and submission.comments.get().text == "请核实排放量"
    line_obj = submission.lines.get()
    company.post(correct, {**fields, "release_air_kg": "120", "control_measures": "密闭操作", "process": "清洗",
                           "disposal": "危废处置", "exempted_use": ""})  # fmt: skip
    assert submission.lines.get().release_air_kg == 120
    assert company.post(submission.get_absolute_url(), signed).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.frozen_sha256 != first_sha
    assert line_obj.history.count() >= 1
    # district passes, the city accepts
    district.post(submission.get_absolute_url(), {"action": "review", "decision": "approve", "comment": ""})
    client_for(personas.bureau).post(
        submission.get_absolute_url(), {"action": "review", "decision": "approve", "comment": ""}
    )
    submission.refresh_from_db()
    assert submission.status == "accepted"
    assert submission.history.filter(status="returned").exists()


def test_implausible_quantities_are_refused(personas: Personas, campaign: Campaign, enterprise: Enterprise) -> None:
    company = client_for(personas.enterprise)
    company.post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    submission = Submission.objects.get()
    assert "千克" in line(company, submission, quantity_t="2500000").content.decode()
    assert "超过" in line(company, submission, quantity_t="0.1", release_air_kg="500").content.decode()
    assert not submission.lines.exists()


def test_other_enterprises_and_departments_see_nothing(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    client_for(personas.enterprise).post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    submission = Submission.objects.get()
    outsider = UserFactory(username="other-co", role="enterprise")
    assert client_for(outsider).get(submission.get_absolute_url()).status_code == 404
    assert line(client_for(outsider), submission).status_code == 404
    assert client_for(personas.department).get(submission.get_absolute_url()).status_code == 404
    assert client_for(outsider).post(campaign.get_absolute_url(), {"enterprise": enterprise.pk}).status_code == 403


def test_a_district_cannot_accept_at_city_level(personas: Personas, campaign: Campaign, enterprise: Enterprise) -> None:
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="city_review")
    client_for(personas.district).post(submission.get_absolute_url(), {"action": "review", "decision": "approve"})
    submission.refresh_from_db()
    assert submission.status == "city_review"


def _accepted_line(campaign: Campaign, district: str, quantity: str) -> None:
    """An accepted report of a new enterprise in ``district`` using ``quantity`` t of dichloromethane."""
    from npgov.substances.models import Substance

    company = EnterpriseFactory(district=District.objects.get(code=district))
    submission = SubmissionFactory(campaign=campaign, enterprise=company, status="accepted")
    SubmissionLineFactory(submission=submission, substance=Substance.objects.get(cas="75-09-2"), quantity_t=quantity)


def test_the_inventory_suppresses_small_groups_for_departments(personas: Personas, campaign: Campaign) -> None:
    _accepted_line(campaign, "210211", "10")
    _accepted_line(campaign, "210211", "20")
    _accepted_line(campaign, "210202", "5")
    url = reverse("surveys:inventory")
    by_district = {
        r.key: r
        for r in client_for(personas.department).get(url, {"campaign": campaign.pk, "by": "district"}).context["rows"]
    }
    assert by_district["210211"].suppressed and by_district["210211"].values["quantity_t"] is None
    by_substance = client_for(personas.department).get(url, {"campaign": campaign.pk}).context["rows"]
    assert not by_substance[0].suppressed and float(by_substance[0].values["quantity_t"]) == 35
    bureau_rows = client_for(personas.bureau).get(url, {"campaign": campaign.pk, "by": "district"}).context["rows"]
    assert not any(r.suppressed for r in bureau_rows)
    assert (
        client_for(personas.department).get(url, {"campaign": campaign.pk, "by": "enterprise"}).context["by"]
        == "substance"
    )
    # the API follows the same rule
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas.department)
    rows = api.get("/api/surveys/inventory/", {"campaign": campaign.pk, "by": "district"}).json()
    assert {r["key"]: r["suppressed"] for r in rows} == {"210211": True, "210202": True}
    assert api.get("/api/surveys/inventory/", {"campaign": campaign.pk, "by": "enterprise"}).status_code == 400
    # the district sees its own district in full, and only that
    district_rows = client_for(personas.district).get(url, {"campaign": campaign.pk, "by": "district"}).context["rows"]
    assert [(r.key, r.suppressed) for r in district_rows] == [("210211", False)]
    # the substance page shows who uses it, suppressed for the department
    from npgov.substances.models import Substance

    page = client_for(personas.department).get(Substance.objects.get(cas="75-09-2").get_absolute_url()).content.decode()
    assert "使用情况" in page and "不予显示" in page


def test_reviewers_see_cross_checks_and_comment_on_lines(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    from npgov.substances.models import Substance
    from npgov.surveys.models import SubmissionLine

    dcm = Substance.objects.get(cas="75-09-2")
    last_year = CampaignFactory(year=2024)
    old = SubmissionFactory(campaign=last_year, enterprise=enterprise, status="accepted")
    SubmissionLineFactory(submission=old, substance=dcm, quantity_t="1")
    for _ in range(3):  # three peers of the same industry class releasing about 1 kg per tonne
        peer = EnterpriseFactory(industry=enterprise.industry, district=enterprise.district)
        peer_report = SubmissionFactory(campaign=campaign, enterprise=peer, status="accepted")
        SubmissionLineFactory(submission=peer_report, substance=dcm, quantity_t="10", release_air_kg="10")
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="submitted")
    mine = SubmissionLineFactory(submission=submission, substance=dcm, quantity_t="12.5", release_air_kg="300")
    district = client_for(personas.district)
    page = district.get(submission.get_absolute_url())
    (line,) = page.context["lines"]
    assert {f.code for f in line.flags} == {"yoy", "peer_release_factor"}
    assert "十倍" in page.content.decode()
    # the enterprise does not see its peers' median
    own = client_for(personas.enterprise).get(submission.get_absolute_url()).content.decode()
    assert "十倍" not in own
    # a return with only a comment on the line is accepted, and the comment names the line
    district.post(
        submission.get_absolute_url(),
        {"action": "review", "decision": "return", "comment": "", f"line_comment_{mine.pk}": "排放系数偏高，请核实"},
    )
    submission.refresh_from_db()
    assert submission.status == "returned" and submission.comments.get().line == mine
    # a comment on another submission's line is refused, nothing written
    submission.status = "submitted"
    submission.save()
    other_line = SubmissionLine.objects.exclude(submission=submission).first()
    district.post(
        submission.get_absolute_url(),
        {"action": "review", "decision": "return", "comment": "x", f"line_comment_{other_line.pk}": "?"},
    )
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.comments.count() == 1


def test_the_bureau_opens_a_campaign_with_a_substance_scope(personas: Personas, enterprise: Enterprise) -> None:
    from npgov.regulations.models import RegulatoryList

    bureau = client_for(personas.bureau)
    key_list = RegulatoryList.objects.get(code="CN-KCNP-2023")
    form = {
        "title": "重点管控新污染物专项调查",
        "city": District.objects.get(code="210200").pk,
        "year": "2026",
        "deadline": "2027-03-31",
        "lists": [key_list.pk],
    }
    assert bureau.post(reverse("surveys:campaign_add"), {**form, "year": "1999"}).status_code == 200
    assert not Campaign.objects.exists()  # the bad year is refused, nothing saved
    assert bureau.post(reverse("surveys:campaign_add"), form).status_code == 302
    campaign = Campaign.objects.get()
    assert list(campaign.lists.all()) == [key_list]
    assert str(key_list) in bureau.get(campaign.get_absolute_url()).content.decode()
    company = client_for(personas.enterprise)
    company.post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    submission = Submission.objects.get()
    # ethanol is in the registry but on no list of the scope; dichloromethane is a key controlled pollutant
    assert "范围" in line(company, submission, identifier="64-17-5").content.decode()
    assert line(company, submission, control_measures="密闭", process="清洗", disposal="危废").status_code == 302
    assert submission.lines.count() == 1
    assert client_for(personas.enterprise).get(reverse("surveys:campaign_add")).status_code in (403, 404)


def test_the_enterprise_page_suggests_key_discharge_designation(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    from npgov.substances.models import Substance

    url = enterprise.get_absolute_url()
    assert "key-discharge" not in client_for(personas.bureau).get(url).content.decode()
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="accepted")
    SubmissionLineFactory(
        submission=submission, substance=Substance.objects.get(cas="75-09-2"), tiers=["key", "detailed", "basic"]
    )
    page = client_for(personas.bureau).get(url).content.decode()
    assert "key-discharge" in page and "尚未" in page
    assert "key-discharge" not in client_for(personas.enterprise).get(url).content.decode()


def test_the_api_lists_own_submissions_with_lines(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    from rest_framework.test import APIClient

    from npgov.substances.models import Substance

    mine = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="submitted")
    SubmissionLineFactory(submission=mine, substance=Substance.objects.get(cas="75-09-2"))
    SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(district=enterprise.district))
    api = APIClient()
    api.force_authenticate(personas.enterprise)
    body = api.get("/api/surveys/submissions/").json()
    assert body["count"] == 1 and body["results"][0]["lines"][0]["cas"] == "75-09-2"
    district = APIClient()
    district.force_authenticate(personas.district)
    assert district.get("/api/surveys/submissions/", {"status": "submitted"}).json()["count"] == 1


def test_the_survey_completion_kpi_counts_accepted_reports_once_the_deadline_has_passed(
    personas: Personas, campaign: Campaign
) -> None:
    from django.core.management import call_command

    from npgov.workplan.models import Kpi

    for district, status in [("210211", "accepted"), ("210211", "draft"), ("210213", None), ("210213", "returned")]:
        company = EnterpriseFactory(district=District.objects.get(code=district))  # 2614: in the survey scope
        if status:
            SubmissionFactory(campaign=campaign, enterprise=company, status=status)
    kpi = Kpi.objects.get(plan__key="dalian-2023", key="survey-completion")
    call_command("workplan", "compute-kpis", "--period", "2026-06-29")  # before the deadline: no value
    assert not kpi.values.exists()
    call_command("workplan", "compute-kpis", "--period", "2026-12-31")
    values = {v.district.code: v.value for v in kpi.values.all()}
    assert values["210200"] == 25.0 and values["210211"] == 50.0 and values["210213"] == 0.0
    assert "210202" not in values  # no enterprise in scope there: no value rather than a zero


def test_peer_medians_count_enterprises_not_lines(
    personas: Personas, campaign: Campaign, enterprise: Enterprise
) -> None:
    from npgov.substances.models import Substance
    from npgov.surveys.services.plausibility import submission_flags

    dcm = Substance.objects.get(cas="75-09-2")
    for activities in [["processing_use", "production"], ["processing_use"]]:
        peer = EnterpriseFactory(industry=enterprise.industry, district=enterprise.district)
        report = SubmissionFactory(campaign=campaign, enterprise=peer, status="accepted")
        for activity in activities:
            SubmissionLineFactory(
                submission=report, substance=dcm, activity=activity, quantity_t="10", release_air_kg="10"
            )
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="submitted")
    mine = SubmissionLineFactory(submission=submission, substance=dcm, quantity_t="10", release_air_kg="500")
    # three peer lines but only two peer enterprises: no median is shown
    assert submission_flags(submission)[mine.pk] == []
