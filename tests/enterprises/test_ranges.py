"""The API shares the models' declared ranges: a coordinate of infinity or 1e308 is a 400, never stored
(issue #16, defect 1). Permit limits refuse values out of range before their unit conversion is judged."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from npgov.enterprises.models import Enterprise
from tests.conftest import Personas
from tests.enterprises.factories import EnterpriseFactory, PermitLimitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("latitude", ["1e308", "Infinity", "NaN", "91", "-1"])
def test_the_api_refuses_a_coordinate_out_of_range(personas: Personas, latitude: str) -> None:
    enterprise = EnterpriseFactory(latitude=39.0, longitude=121.6)
    client = APIClient()
    client.force_authenticate(personas.bureau)
    body = f'{{"latitude": {latitude}, "longitude": 121.6}}'
    response = client.patch(f"/api/enterprises/enterprises/{enterprise.pk}/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    if latitude not in ("Infinity", "NaN"):  # those are not JSON: refused by the parser (STRICT_JSON)
        assert "latitude" in response.json()
    assert Enterprise.objects.get(pk=enterprise.pk).latitude == 39.0


def test_a_permit_limit_refuses_infinity_and_1e308(org: None) -> None:
    from django.core.exceptions import ValidationError

    limit = PermitLimitFactory()
    for bad in (float("inf"), 1e308, 0.0):
        limit.value = bad
        with pytest.raises(ValidationError) as caught:
            limit.full_clean()
        assert "value" in caught.value.message_dict
