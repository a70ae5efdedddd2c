"""The site form's GeoJSON box is empty, not the text "null", when a site has no area (issue 14, item 4/7)."""

from __future__ import annotations

import pytest

from npgov.monitoring.forms import SiteForm

pytestmark = pytest.mark.django_db


def test_an_empty_area_shows_an_empty_box_and_a_given_one_its_json(org: None) -> None:
    assert "null" not in str(SiteForm()["area"])
    assert "Point" in str(SiteForm(initial={"area": {"type": "Point", "coordinates": [121.6, 38.9]}})["area"])
