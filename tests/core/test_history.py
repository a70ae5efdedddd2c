"""Every change to official data leaves history: who, when, what, why — visible on the record's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from npgov.core.models import Department
from npgov.core.services.organisation import REFERENCE_REASON
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_it_records_who_changed_what_and_shows_it(personas: Personas) -> None:
    # given
    department = Department.objects.get(code="dl-ara")
    client = client_for(personas.bureau)
    form = client.get(reverse("core:department_edit", args=[department.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(city="210200", duties="兽用抗菌药减量；农药包装废弃物回收；新增职责", _change_reason="年度职责调整")
    data["aliases"] = ""
    # when
    response = client.post(reverse("core:department_edit", args=[department.pk]), data)
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = department.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (personas.bureau, "年度职责调整")
    page = client.get(reverse("core:department_detail", args=[department.pk])).content.decode()
    assert "变更历史" in page and "年度职责调整" in page and "新增职责" in page and "alice" in page


def test_it_refuses_an_edit_by_a_role_that_may_not_change_it(personas: Personas) -> None:
    department = Department.objects.get(code="dl-ara")
    response = client_for(personas.department).post(
        reverse("core:department_edit", args=[department.pk]), {"name_zh": "改名"}
    )
    assert response.status_code == 404
    department.refresh_from_db()
    assert department.name_zh == "大连市农业农村局"


def test_it_keeps_history_of_the_reference_data_load(org: None) -> None:
    department = Department.objects.get(code="dl-eeb")
    assert department.history.count() == 1
    assert department.history.first().history_change_reason == REFERENCE_REASON
