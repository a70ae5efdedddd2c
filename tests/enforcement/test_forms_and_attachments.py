"""Choices scoped to the user, quantities read by the one number reader, attachments checked and served safely
(issue #16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from npgov.core.choices import Role
from npgov.core.models import Department, District, User
from npgov.enforcement.models import Case, InspectionAttachment, InspectionTask
from npgov.enforcement.trade.forms import TradeCheckForm
from npgov.enterprises.models import Enterprise
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enforcement.factories import InspectionAttachmentFactory, InspectionTaskFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


# --- a district's case form -------------------------------------------------------------------------------------
@pytest.fixture
def two_districts(org: None) -> tuple[Enterprise, Enterprise]:
    own = EnterpriseFactory(name="甘井子本区企业", district=District.objects.get(code="210211"))
    other = EnterpriseFactory(name="瓦房店外区企业", district=District.objects.get(code="210281"))
    return own, other


def test_a_districts_case_form_lists_only_its_enterprises(personas: Personas, two_districts: Any) -> None:
    own, other = two_districts
    response = client_for(personas.district).get(reverse("enforcement:case_add"))
    assert response.status_code == 200
    choices = set(response.context["form"].fields["enterprise"].queryset)
    assert own in choices and other not in choices
    assert "瓦房店外区企业" not in response.content.decode()


def test_a_district_cannot_open_a_case_on_another_districts_enterprise(personas: Personas, two_districts: Any) -> None:
    _own, other = two_districts
    data = {"number": "甘环罚〔2026〕9号", "enterprise": other.pk, "facts": "越权立案", "status": "open"}
    response = client_for(personas.district).post(reverse("enforcement:case_add"), data)
    assert response.status_code in (200, 400) and "enterprise" in response.context["form"].errors
    assert not Case.objects.filter(number="甘环罚〔2026〕9号").exists()


def test_the_bureau_still_chooses_among_every_enterprise(personas: Personas, two_districts: Any) -> None:
    response = client_for(personas.bureau).get(reverse("enforcement:case_add"))
    assert set(two_districts) <= set(response.context["form"].fields["enterprise"].queryset)


# --- trade quantities -------------------------------------------------------------------------------------------
@pytest.fixture
def customs_user(org: None) -> User:
    return UserFactory(username="cus", role=Role.DEPARTMENT, department=Department.objects.get(code="dl-customs"))


def trade_form(user: User, quantity: str) -> TradeCheckForm:
    data = {"checked_on": "2025-06-03", "direction": "export", "department": user.department_id,
            "enterprise_name": "大连某化工有限公司", "hs_code": "29031200", "substance": "75-09-2",
            "quantity": quantity, "quantity_unit": "kg", "result": "compliant"}  # fmt: skip
    return TradeCheckForm(data=data, user=user)


@pytest.mark.parametrize(("text", "value"), [("１２．５", Decimal("12.5")), ("12,500", Decimal("12500")),
                                             ("1.5e3", Decimal("1500"))])  # fmt: skip
def test_a_quantity_is_read_exactly(customs_user: User, text: str, value: Decimal) -> None:
    form = trade_form(customs_user, text)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["quantity"] == value


@pytest.mark.parametrize(("text", "message"), [
    ("12,5", "not a thousands separator"), ("1e400", "too large"), ("inf", "Not a number"), ("0", "greater than"),
    ("1.2345", "more than 3 decimal places"), ("-3", "greater than"), ("", "required"),
])  # fmt: skip
def test_a_bad_quantity_is_a_field_error(customs_user: User, text: str, message: str) -> None:
    with translation.override("en"):
        form = trade_form(customs_user, text)
        assert not form.is_valid()
        assert message in " ".join(form.errors["quantity"])


# --- inspection attachments -------------------------------------------------------------------------------------
@pytest.fixture
def task(personas: Personas) -> InspectionTask:
    return InspectionTaskFactory(enterprise=EnterpriseFactory(district=District.objects.get(code="210211")))


def record(user: User, task: InspectionTask, name: str, content: bytes) -> Any:
    data = {"inspected_on": timezone.localdate().isoformat(), "observations": "现场检查", "caption": "现场照片",
            "attachment": SimpleUploadedFile(name, content)}  # fmt: skip
    with translation.override("en"):
        return client_for(user).post(task.get_absolute_url(), data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("name", ["attachment_page.html", "attachment_image.svg", "attachment_polyglot.jpg",
                                  "attachment_photo_named.pdf"])  # fmt: skip
def test_an_attachment_is_checked_by_its_content(personas: Personas, task: InspectionTask, name: str) -> None:
    response = record(personas.district, task, name, (FILES / name).read_bytes())
    assert response.status_code == 400 and response.context["form"].errors["attachment"]
    assert not InspectionAttachment.objects.exists()
    assert InspectionTask.objects.get(pk=task.pk).status == "assigned"


def test_an_attachment_over_the_size_cap_is_refused(personas: Personas, task: InspectionTask) -> None:
    big = (FILES / "attachment_photo.png").read_bytes() + b"\x00" * (20 * 1024 * 1024)
    response = record(personas.district, task, "photo.png", big)
    assert response.status_code == 400
    assert "大于 20 MB" in " ".join(response.context["form"].errors["attachment"])  # in the user's language


def test_an_accepted_attachment_is_served_as_a_download_to_those_who_see_the_record(
    personas: Personas, task: InspectionTask
) -> None:
    response = record(personas.district, task, "photo.png", (FILES / "attachment_photo.png").read_bytes())
    assert response.status_code == 302
    attachment = InspectionAttachment.objects.get()
    url = reverse("enforcement:attachment_download", args=[attachment.pk])
    assert url in client_for(personas.district).get(task.get_absolute_url()).content.decode()
    download = client_for(personas.district).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == "image/png"
    assert client_for(personas.bureau).get(url).status_code == 200
    for outsider in (personas.enterprise, personas.expert, None):
        assert client_for(outsider).get(url).status_code in (302, 403, 404)
    other_district = UserFactory(role=Role.DISTRICT, district=District.objects.get(code="210281"))
    assert client_for(other_district).get(url).status_code == 404


def test_a_file_stored_before_the_checks_is_served_as_an_inert_download(personas: Personas) -> None:
    """An attachment kept from before (any content) is never rendered by the browser."""
    attachment = InspectionAttachmentFactory(
        file=SimpleUploadedFile("old.html", (FILES / "attachment_page.html").read_bytes()),
        record__task__enterprise=EnterpriseFactory(district=District.objects.get(code="210211")),
    )
    download = client_for(personas.bureau).get(reverse("enforcement:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"


def test_a_non_numeric_finding_id_in_the_record_form_is_ignored(personas: Personas, task: InspectionTask) -> None:
    data = {"inspected_on": timezone.localdate().isoformat(), "observations": "现场检查", "verified": ["abc", "1e3"]}
    response = client_for(personas.district).post(task.get_absolute_url(), data)
    assert response.status_code == 302 and InspectionTask.objects.get(pk=task.pk).status == "done"


# --- bad query strings: a clear answer, never a 500 -------------------------------------------------------------
BAD_QUERIES = ("?start=2025-13-45", "?end=abc", "?district=abc", "?category=%00", "?sample=%00", "?batch=1e400",
               "?verdict=maybe", "?department=-1", "?status=x&page=x", "?by=decade", "?q=%00", "?sort=-nonexistent",
               "?export=pdf", "?per_page=1e400")  # fmt: skip
LISTS = ("enforcement:product_sample_list", "enforcement:product_result_list", "enforcement:limit_list",
         "enforcement:trade_check_list", "enforcement:task_list", "enforcement:case_list", "enforcement:draw_list",
         "enforcement:product_trends", "enforcement:public_draws", "enforcement:public_cases",
         "api:enforcement-productresult-list", "api:enforcement-productsample-list", "api:enforcement-tradecheck-list",
         "api:enforcement-draw-list", "api:enforcement-task-list", "api:enforcement-case-list")  # fmt: skip


@pytest.mark.parametrize("name", LISTS)
def test_bad_query_strings_never_answer_500(personas: Personas, name: str) -> None:
    client = client_for(personas.bureau)
    for query in BAD_QUERIES:
        response = client.get(reverse(name) + query)
        assert response.status_code < 500, (name, query)
