"""Bad query and form parameters on the survey pages and API answer 400/403/404 or are ignored with a message,
never 500 (issue 16, defect 8: ``?campaign=abc`` on the inventory page), and the line form changes no quantity
silently (defect 3's class)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from npgov.enterprises.models import Enterprise
from npgov.surveys.models import Campaign, Submission
from tests.conftest import Personas, client_for
from tests.surveys.factories import SubmissionFactory
from tests.surveys.test_workflow import campaign, enterprise, line  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def draft(personas: Personas, campaign: Campaign, enterprise: Enterprise) -> Submission:  # noqa: F811
    client_for(personas.enterprise).post(campaign.get_absolute_url(), {"enterprise": enterprise.pk})
    return Submission.objects.get()


@pytest.mark.parametrize("value", ["abc", "1e3", "-1", HUGE, "99999", "１"])
def test_a_bad_campaign_on_the_inventory_page_is_ignored_with_a_message(
    personas: Personas, campaign: Campaign, value: str  # noqa: F811
) -> None:
    response = client_for(personas.bureau).get(reverse("surveys:inventory"), {"campaign": value, "by": "substance"})
    assert response.status_code == 200 and response.context["campaign"] == campaign
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]


def test_an_unknown_grouping_on_the_inventory_page_is_ignored_with_a_message(
    personas: Personas, campaign: Campaign  # noqa: F811
) -> None:
    response = client_for(personas.bureau).get(reverse("surveys:inventory"), {"campaign": campaign.pk, "by": "x"})
    assert response.status_code == 200 and response.context["by"] == "substance"
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]
    plain = client_for(personas.bureau).get(reverse("surveys:inventory"), {"campaign": campaign.pk})
    assert not list(get_messages(plain.wsgi_request))


@pytest.mark.parametrize(
    "query",
    [{"campaign": "abc"}, {"campaign": HUGE}, {"status": "nonsense"}, {"enterprise__district": "abc"},
     {"enterprise__district": HUGE}, {"page": "abc"}, {"per_page": HUGE}, {"sort": "nonsense"}, {"q": "x" * 5000}],
)  # fmt: skip
def test_bad_filters_on_the_submission_lists_answer_a_page(
    personas: Personas, campaign: Campaign, query: dict[str, str]  # noqa: F811
) -> None:
    SubmissionFactory(campaign=campaign)
    for url in (reverse("surveys:submission_list"), reverse("surveys:review_queue")):
        assert client_for(personas.bureau).get(url, query).status_code == 200


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "1e3", ""])
def test_bad_parameters_on_the_survey_api_answer_400(personas: Personas, campaign: Campaign, value: str) -> None:  # noqa: F811
    api = APIClient()
    api.force_authenticate(personas.bureau)
    assert api.get("/api/surveys/inventory/", {"campaign": value}).status_code == 400
    assert api.get("/api/surveys/inventory/", {"campaign": campaign.pk, "by": value or "x"}).status_code == 400
    if value:
        assert api.get("/api/surveys/submissions/", {"campaign": value}).status_code == 400
        assert api.get("/api/surveys/submissions/", {"enterprise__district": value}).status_code == 400
        assert api.get(f"/api/surveys/submissions/{value}/").status_code == 404
    assert api.get("/api/surveys/submissions/", {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize("value", ["abc", HUGE, "", "1.5"])
def test_bad_ids_posted_to_the_survey_pages_are_refused(
    personas: Personas, campaign: Campaign, draft: Submission, value: str  # noqa: F811
) -> None:
    company = client_for(personas.enterprise)
    assert company.post(campaign.get_absolute_url(), {"enterprise": value}).status_code == 403
    response = company.post(draft.get_absolute_url(), {"action": "delete_line", "line": value})
    assert response.status_code in (302, 400)
    Submission.objects.filter(pk=draft.pk).update(status="submitted")
    review = client_for(personas.district).post(
        draft.get_absolute_url(), {"action": "review", "decision": "return", f"line_comment_{HUGE}": "请核实"}
    )
    assert review.status_code == 200 and Submission.objects.get(pk=draft.pk).status == "submitted"


def test_adding_a_line_already_reported_is_refused_not_a_silent_replacement(
    personas: Personas, draft: Submission
) -> None:
    company = client_for(personas.enterprise)
    details = {"process": "清洗", "disposal": "危废处置", "control_measures": "密闭"}
    assert line(company, draft, quantity_t="12.5", **details).status_code == 302
    response = line(company, draft, quantity_t="7", **details)
    assert response.status_code == 200
    assert str(draft.lines.get().quantity_t) == "12.5000"
    edit = reverse("surveys:line_edit", args=[draft.pk, draft.lines.get().pk])
    assert edit in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity_t", "12,5"), ("quantity_t", "1e400"), ("quantity_t", "inf"), ("quantity_t", "NaN"),
     ("quantity_t", "-1"), ("quantity_t", "1.23456"), ("release_air_kg", "1,5"), ("release_air_kg", "99999999999999"),
     ("release_air_kg", "0.0001"), ("uses", "用" * 301), ("control_measures", "措" * 2001), ("identifier", "x" * 301),
     ("activity", "nonsense")],
)  # fmt: skip
def test_the_line_forms_refuse_bad_values_with_a_field_error(
    personas: Personas, draft: Submission, field: str, value: str
) -> None:
    company = client_for(personas.enterprise)
    details = {"process": "清洗", "disposal": "危废处置", "control_measures": "密闭"}
    response = line(company, draft, **{**details, field: value})
    assert response.status_code == 200 and field in response.context["line_form"].errors
    assert not draft.lines.exists()
