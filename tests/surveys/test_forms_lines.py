"""Survey forms that help (issue 14, item 7): lines edited in place, tier needs beside each line, 逾期提交."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from npgov.substances.models import Substance
from npgov.surveys.deadlines import submitted_late
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(personas: Personas):  # noqa: ANN201
    """Eve's enterprise (in Gan's district) with a draft report holding one PFOS line that lacks its details."""
    enterprise = EnterpriseFactory()
    enterprise.users.add(personas.enterprise)
    submission = SubmissionFactory(enterprise=enterprise)
    pfos = Substance.objects.get(cas="1763-23-1")
    line = SubmissionLineFactory(submission=submission, substance=pfos, tiers=["key", "detailed", "basic"], details={})
    return submission, line


def _edit_url(line) -> str:  # noqa: ANN001
    return reverse("surveys:line_edit", args=[line.submission_id, line.pk])


# --- tier requirements beside each line ----------------------------------------------------------------------------
def test_each_line_shows_what_its_tiers_still_need_before_submission(personas: Personas, own) -> None:  # noqa: ANN001
    submission, line = own
    response = client_for(personas.enterprise).get(submission.get_absolute_url())
    html = response.content.decode()
    missing = {m["name"] for m in response.context["lines"][0].missing}
    assert missing == {"process", "disposal", "control_measures"}
    assert html.count("tier-missing") == 1 and "exempted_use" not in missing

    line.details = {"process": "电镀", "disposal": "委托处置", "control_measures": "替代"}
    line.save()
    html = client_for(personas.enterprise).get(submission.get_absolute_url()).content.decode()
    assert "tier-missing" not in html and "tier-complete" in html


def test_a_submitted_report_shows_no_tier_hints(personas: Personas, own) -> None:  # noqa: ANN001
    submission, _line = own
    submission.status = "submitted"
    submission.save()
    html = client_for(personas.district).get(submission.get_absolute_url()).content.decode()
    assert "tier-missing" not in html and "line-edit" not in html


# --- lines edited in place -----------------------------------------------------------------------------------------
def test_the_enterprise_edits_a_line_in_place(personas: Personas, own) -> None:  # noqa: ANN001
    submission, line = own
    client = client_for(personas.enterprise)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert _edit_url(line) in page

    form = client.get(_edit_url(line))
    assert form.status_code == 200 and form.context["form"].initial["identifier"] == "1763-23-1"
    assert "process" in {m["name"] for m in form.context["missing"]}

    response = client.post(_edit_url(line), {
        "identifier": "1763-23-1", "activity": "processing_use", "quantity_t": "2.5", "uses": "铬雾抑制剂",
        "release_air_kg": "0", "release_water_kg": "0.1", "release_soil_kg": "0", "transfer_kg": "0",
        "process": "镀铬", "disposal": "危废委托处置", "control_measures": "替代品评估", "exempted_use": "",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"#line-{line.pk}")
    line.refresh_from_db()
    assert line.quantity_t == Decimal("2.5") and line.details["process"] == "镀铬"
    assert submission.lines.count() == 1  # changed in place, not added


def test_an_invalid_edit_comes_back_with_the_error_and_changes_nothing(personas: Personas, own) -> None:  # noqa: ANN001
    submission, line = own
    response = client_for(personas.enterprise).post(_edit_url(line), {
        "identifier": "1763-23-1", "activity": "processing_use", "quantity_t": "0.001", "release_water_kg": "5000",
    })  # fmt: skip
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    line.refresh_from_db()
    assert line.quantity_t == Decimal("1")


@pytest.mark.parametrize("who", ["district", "bureau", "other_enterprise"])
def test_only_the_own_enterprise_edits_lines(personas: Personas, own, who: str) -> None:  # noqa: ANN001
    _submission, line = own
    user = UserFactory(role="enterprise") if who == "other_enterprise" else personas.get(who)
    response = client_for(user).get(_edit_url(line))
    assert response.status_code in (403, 404)


def test_lines_cannot_be_edited_once_submitted(personas: Personas, own) -> None:  # noqa: ANN001
    submission, line = own
    submission.status = "submitted"
    submission.save()
    client = client_for(personas.enterprise)
    assert client.get(_edit_url(line)).status_code == 403
    assert _edit_url(line) not in client.get(submission.get_absolute_url()).content.decode()


# --- late submissions ----------------------------------------------------------------------------------------------
def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_a_submission_after_the_deadline_is_marked_late_everywhere(personas: Personas) -> None:
    campaign = CampaignFactory(deadline=datetime.date(2031, 6, 30))
    late = SubmissionFactory(campaign=campaign, status="submitted", submitted_at=_at(datetime.date(2031, 7, 2)),
                             enterprise=EnterpriseFactory(name="迟交化工"))  # fmt: skip
    on_time = SubmissionFactory(campaign=campaign, status="submitted", submitted_at=_at(datetime.date(2031, 6, 30)),
                                enterprise=EnterpriseFactory(name="按时化工"))  # fmt: skip
    assert submitted_late(late) and not submitted_late(on_time)

    with translation.override("zh-hans"):
        mark = gettext("Submitted late")  # 逾期提交
    district = client_for(personas.district)
    detail = district.get(late.get_absolute_url()).content.decode()
    assert 'id="late-mark"' in detail and mark in detail
    assert 'id="late-mark"' not in district.get(on_time.get_absolute_url()).content.decode()
    for url in (reverse("surveys:submission_list"), reverse("surveys:review_queue")):
        html = district.get(url).content.decode()
        assert html.count("late-mark") == 1, url  # only the late one
    assert mark in client_for(personas.bureau).get(reverse("surveys:submission_list")).content.decode()


def test_a_draft_is_never_late(personas: Personas) -> None:
    draft = SubmissionFactory(campaign=CampaignFactory(deadline=datetime.date(2020, 1, 1)))
    assert not submitted_late(draft)


def test_a_report_submitted_after_the_deadline_is_accepted_and_marked(personas: Personas, own) -> None:  # noqa: ANN001
    submission, line = own
    submission.campaign.deadline = timezone.localdate() - datetime.timedelta(days=3)
    submission.campaign.save()
    line.details = {"process": "电镀", "disposal": "委托处置", "control_measures": "替代"}
    line.save()
    client = client_for(personas.enterprise)
    response = client.post(submission.get_absolute_url(), {
        "action": "submit", "filler": "陈工", "reviewer": "李经理", "legal_representative": "王总",
    })  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted" and submitted_late(submission)
    assert 'id="late-mark"' in client.get(submission.get_absolute_url()).content.decode()
