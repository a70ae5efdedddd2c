"""A case opened from an inspection task keeps its link to the task; "published" reads as a yes/no, not a date."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from npgov.core.models import District
from npgov.enforcement.inspections.forms import CaseForm
from npgov.enforcement.inspections.models import Case
from tests.conftest import Personas, client_for
from tests.enforcement.factories import CaseFactory, InspectionRecordFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(personas: Personas):  # noqa: ANN201  (a factory-made InspectionRecord)
    enterprise = EnterpriseFactory(district=District.objects.get(code="210211"))
    return InspectionRecordFactory(task__enterprise=enterprise, outcome="problems", observations="台账缺失。")


def _post_case(client, task_pk: int, enterprise_pk: int, number: str = "大环罚〔2026〕0001号"):  # noqa: ANN001, ANN202
    return client.post(
        f"{reverse('enforcement:case_add')}?task={task_pk}",
        {"number": number, "enterprise": enterprise_pk, "facts": "台账缺失。", "status": "open"},
    )


@pytest.mark.parametrize("role", ["district", "bureau"])
def test_a_case_opened_from_a_task_keeps_the_task(personas: Personas, record, role: str) -> None:  # noqa: ANN001
    task = record.task
    client = client_for(personas.get(role))
    form_page = client.get(f"{reverse('enforcement:case_add')}?task={task.pk}")
    assert form_page.status_code == 200
    assert task.get_absolute_url() in form_page.content.decode()  # the form says where the case comes from
    response = _post_case(client, task.pk, task.enterprise.pk)
    assert response.status_code == 302
    case = Case.objects.get(number="大环罚〔2026〕0001号")
    assert case.task == task
    # both pages show the link
    assert task.get_absolute_url() in client.get(case.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in client.get(task.get_absolute_url()).content.decode()


def test_editing_the_case_keeps_the_task(personas: Personas, record) -> None:  # noqa: ANN001
    case = CaseFactory(enterprise=record.task.enterprise, task=record.task)
    client = client_for(personas.bureau)
    response = client.post(
        reverse("enforcement:case_edit", args=[case.pk]),
        {"number": case.number, "enterprise": case.enterprise.pk, "facts": "补充事实。", "status": "open"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.task == record.task and case.facts == "补充事实。"


def test_a_case_from_a_task_is_about_the_inspected_enterprise(personas: Personas, record) -> None:  # noqa: ANN001
    other = EnterpriseFactory(district=record.task.enterprise.district)
    response = _post_case(client_for(personas.bureau), record.task.pk, other.pk)
    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_task_outside_the_users_scope_is_not_found(personas: Personas) -> None:
    elsewhere = EnterpriseFactory(district=District.objects.filter(kind="district").exclude(code="210211")[0])
    task = InspectionRecordFactory(task__enterprise=elsewhere).task
    assert client_for(personas.district).get(f"{reverse('enforcement:case_add')}?task={task.pk}").status_code == 404
    assert _post_case(client_for(personas.district), task.pk, elsewhere.pk).status_code == 404
    assert not Case.objects.exists()


def test_the_published_checkbox_is_labelled_as_publication_not_a_date(personas: Personas) -> None:
    with translation.override("en"):
        assert str(CaseForm().fields["published"].label) == "published to the public"
    with translation.override("zh-hans"):
        assert "日期" not in str(CaseForm().fields["published"].label)
    client = client_for(personas.bureau)
    for url in (reverse("enforcement:case_add"), reverse("enforcement:case_list")):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert page.status_code == 200
        assert "发布日期" not in page.content.decode()
