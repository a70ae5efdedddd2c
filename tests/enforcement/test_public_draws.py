"""双随机、一公开: the public sees a draw's enterprises, inspectors and seed only after the inspections (issue #16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from npgov.enforcement.inspections.selectors import draw_results_public, public_draw_result_rows
from npgov.enforcement.models import InspectionDraw
from tests.conftest import Personas, client_for
from tests.enforcement.factories import (
    InspectionDrawFactory,
    InspectionRecordFactory,
    InspectionTaskFactory,
    InspectorFactory,
)
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_pages() -> None:
    cache.clear()  # the public pages are cached by path; ids repeat between tests


@pytest.fixture
def draw(org: None) -> InspectionDraw:
    """A published draw due in ten days: two enterprises, one already inspected, one not."""
    due = timezone.localdate() + timedelta(days=10)
    drawn = InspectionDrawFactory(title="第三批抽查", seed="未到公开时间的种子", published=True, created_by=None,
                                  due_date=due, population=[1, 2, 3],
                                  selection=[{"enterprise": 1, "inspectors": [7]}])  # fmt: skip
    inspector = InspectorFactory(name="执法员甲乙")
    InspectionTaskFactory(draw=drawn, due_date=due, enterprise=EnterpriseFactory(name="尚未检查的企业"),
                          inspectors=[inspector])  # fmt: skip
    InspectionRecordFactory(task=InspectionTaskFactory(draw=drawn, due_date=due, status="done",
                                                       enterprise=EnterpriseFactory(name="已检查的企业")))  # fmt: skip
    return drawn


def test_the_public_page_announces_a_draw_but_withholds_targets_inspectors_and_seed(draw: InspectionDraw) -> None:
    response = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk]) + "?reproduce=1")
    page = response.content.decode()
    assert response.status_code == 200 and "第三批抽查" in page
    for secret in ("尚未检查的企业", "已检查的企业", "执法员甲乙", "未到公开时间的种子"):
        assert secret not in page, secret
    assert response.context["reproduced"] is None and 'id="draw-results-pending"' in page
    listing = client_for(None).get(reverse("enforcement:public_draws")).content.decode()
    assert "第三批抽查" in listing and "未到公开时间的种子" not in listing


def test_the_results_are_public_once_every_inspection_is_recorded(draw: InspectionDraw) -> None:
    for task in draw.tasks.filter(status="assigned"):
        InspectionRecordFactory(task=task)
        task.status = "done"
        task.save()
    assert draw_results_public(draw)
    page = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk])).content.decode()
    assert "尚未检查的企业" in page and "执法员甲乙" in page and "未到公开时间的种子" in page


def test_the_results_are_public_once_the_due_date_has_passed(draw: InspectionDraw) -> None:
    InspectionDraw.objects.filter(pk=draw.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    page = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk])).content.decode()
    assert "尚未检查的企业" in page and "未到公开时间的种子" in page


def test_the_open_dataset_withholds_the_rows_of_a_draw_not_yet_concluded(draw: InspectionDraw) -> None:
    assert list(public_draw_result_rows()) == []
    body = client_for(None).get(reverse("portal:dataset_json", args=["inspection-draws"])).content.decode()
    assert "已检查的企业" not in body and "未到公开时间的种子" not in body


def test_the_anonymous_api_withholds_the_selection_and_the_seed(draw: InspectionDraw, personas: Personas) -> None:
    response = APIClient().get(reverse("api:enforcement-draw-detail", args=[draw.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "第三批抽查" and data["results_public"] is False
    assert data["seed"] is None and data["selection"] is None and data["population"] is None and data["pool"] is None
    listing = APIClient().get(reverse("api:enforcement-draw-list")).content.decode()
    assert "未到公开时间的种子" not in listing
    client = APIClient()
    client.force_authenticate(personas.bureau)  # officials read the whole draw
    assert client.get(reverse("api:enforcement-draw-detail", args=[draw.pk])).json()["seed"] == "未到公开时间的种子"
