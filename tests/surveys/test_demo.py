"""The survey demo data: valid credit codes, every workflow state, real cross-checks, idempotent."""

from __future__ import annotations

import pytest

from npgov.enterprises.models import Enterprise
from npgov.science.identifiers import normalise_uscc
from npgov.surveys.demo import create_survey_demo, current_campaign_title
from npgov.surveys.models import Submission
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_every_state_and_valid_codes(org: None) -> None:
    UserFactory(username="admin", role="sysadmin", is_superuser=True)  # the demo's author
    summary = create_survey_demo(enterprises=60)
    assert summary.startswith("60 enterprises")
    states = set(Submission.objects.filter(campaign__title=current_campaign_title()).values_list("status", flat=True))
    assert states == {"draft", "submitted", "city_review", "accepted", "returned"}
    for uscc in Enterprise.objects.values_list("uscc", flat=True):
        assert normalise_uscc(uscc) == uscc  # raises on a bad check character
    accepted = Submission.objects.filter(status="accepted").first()
    assert accepted is not None and len(accepted.frozen_sha256) == 64 and accepted.lines.exists()
    assert create_survey_demo(enterprises=60) == "already present"
