"""The reviewers' queues and the industries' survey scope."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry
from npgov.enterprises.services import survey_scope_rule
from npgov.surveys.models import Campaign
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory
from tests.surveys.test_workflow import campaign, enterprise  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_each_reviewer_sees_the_reports_waiting_for_their_step(
    personas: Personas,
    campaign: Campaign,  # noqa: F811  (the fixture)
    enterprise: Enterprise,  # noqa: F811
) -> None:
    zhuanghe = EnterpriseFactory(name="庄河示例企业", district=District.objects.get(code="210283"))
    now = timezone.now()
    submitted = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="submitted", submitted_at=now)
    elsewhere = SubmissionFactory(
        campaign=campaign, enterprise=zhuanghe, status="submitted", submitted_at=now - timedelta(days=1)
    )
    earlier = CampaignFactory(year=2024)
    at_city = SubmissionFactory(campaign=earlier, enterprise=enterprise, status="city_review", submitted_at=now)
    queue = reverse("surveys:review_queue")
    gan = client_for(personas.district).get(queue)  # Ganjingzi: its own submitted report only
    assert [s.pk for s in gan.context["table"].data] == [submitted.pk]
    city = client_for(personas.bureau).get(queue)
    assert [s.pk for s in city.context["table"].data] == [at_city.pk]
    assert elsewhere.pk not in [s.pk for s in city.context["table"].data]
    assert client_for(personas.enterprise).get(queue).status_code == 403
    assert client_for(personas.department).get(queue).status_code == 403


def test_industries_carry_the_survey_scope(org: None, tmp_path: Path) -> None:
    # shipped: the 122-class list is not loaded, so manufacturing classes are candidates
    assert Industry.objects.get(code="2614").survey_scope == "candidate"
    assert Industry.objects.get(code="26").survey_scope == "out"  # a division is not reported under
    assert Industry.objects.get(code="4620").survey_scope == "out"  # sewage treatment is not manufacturing
    # once the annex's classes are entered, exactly those are listed
    data = tmp_path / "scope.yaml"
    data.write_text('divisions: ["26"]\nclasses: ["2614", "2710"]\n', encoding="utf-8")
    rule = survey_scope_rule(data)
    assert [rule(code, "class") for code in ("2614", "2710", "2619")] == ["listed", "listed", "out"]


def test_enterprises_filter_by_survey_scope(personas: Personas, enterprise: Enterprise) -> None:  # noqa: F811
    response = client_for(personas.bureau).get(reverse("enterprises:enterprise_list") + "?survey_scope=candidate")
    assert [e.pk for e in response.context["table"].data] == [enterprise.pk]
    none = client_for(personas.bureau).get(reverse("enterprises:enterprise_list") + "?survey_scope=listed")
    assert list(none.context["table"].data) == []
    with translation.override("en"):
        page = client_for(personas.bureau).get(enterprise.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        fields = [(str(label), str(value)) for label, value in page.context["fields"]]
    assert ("chemical information survey scope", "Manufacturing: may be on the list (list not loaded)") in fields
