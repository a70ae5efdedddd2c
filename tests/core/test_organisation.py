"""Districts and departments: the hierarchy stays a tree."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from npgov.core.models import District
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_a_district_cannot_be_its_own_ancestor(personas: Personas) -> None:
    ganjingzi = District.objects.get(code="210211")
    ganjingzi.parent = ganjingzi
    with pytest.raises(ValidationError):
        ganjingzi.full_clean()
