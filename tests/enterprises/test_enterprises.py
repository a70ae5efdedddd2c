"""The enterprise registry: credit codes checked at the edge, imports all or nothing, each enterprise sees itself."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TENCENT, BAIDU = "9144030071526726XG", "91110000802100433B"  # published codes, used here only as valid examples


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_industry_classification_is_loaded_with_the_plans_key_industries(org: None) -> None:
    assert Industry.objects.get(code="2614").parent.code == "261"
    assert Industry.objects.filter(level="class", plan_focus="农药").exists()
    assert Industry.objects.get(code="4620").plan_focus == "污水处理"


def test_an_excel_import_reports_each_bad_row_and_saves_nothing(personas: Personas) -> None:
    content = xlsx(
        [
            ["uscc", "name", "district", "industry"],
            [TENCENT, "甲化工", "210211", "2614"],
            ["9144030071526726XA", "乙化工", "210211", "2614"],
            [BAIDU, "丙化工", "999999", "26"],
        ]
    )
    response = client_for(personas.bureau).post(
        reverse("enterprises:enterprise_import"), {"file": SimpleUploadedFile("e.xlsx", content)}
    )
    errors = {(e.row, e.column): e.message for e in response.context["result"].errors}
    assert "校验码应为 G" in errors[(3, "uscc")]
    assert (4, "district") in errors and (4, "industry") in errors
    assert not Enterprise.objects.exists()


def test_a_valid_import_creates_the_enterprises_with_history(personas: Personas) -> None:
    content = xlsx([["统一社会信用代码", "名称", "行政区", "行业"], [TENCENT.lower(), "甲化工", "210211", "2614"]])
    response = client_for(personas.bureau).post(
        reverse("enterprises:enterprise_import"), {"file": SimpleUploadedFile("e.xlsx", content)}
    )
    assert response.status_code == 302, response.context["result"].errors if response.context else ""
    enterprise = Enterprise.objects.get()
    assert enterprise.uscc == TENCENT and enterprise.history.first().history_user == personas.bureau


def test_coordinates_outside_china_are_refused(personas: Personas) -> None:
    data = {
        "uscc": TENCENT,
        "name": "甲",
        "district": "210211",
        "industry": "2614",
        "status": "operating",
        "latitude": "-38.9",
        "longitude": "121.6",
    }
    response = client_for(personas.bureau).post(reverse("enterprises:enterprise_add"), data)
    assert response.status_code == 200 and not Enterprise.objects.exists()


def test_an_enterprise_user_sees_only_its_own_enterprise(personas: Personas) -> None:
    own = EnterpriseFactory(uscc=TENCENT, name="自己的企业")
    EnterpriseFactory(name="别人的企业")
    own.users.add(personas.enterprise)
    page = client_for(personas.enterprise).get(reverse("enterprises:enterprise_list")).content.decode()
    assert "自己的企业" in page and "别人的企业" not in page
    client = APIClient()
    client.force_authenticate(personas.enterprise)
    assert [row["uscc"] for row in client.get("/api/enterprises/enterprises/").json()["results"]] == [TENCENT]
    assert client.patch(f"/api/enterprises/enterprises/{own.pk}/", {"name": "改名"}, format="json").status_code == 403


def test_a_district_sees_the_enterprises_in_its_district(personas: Personas) -> None:
    EnterpriseFactory(name="甘井子企业", district=District.objects.get(code="210211"))
    EnterpriseFactory(name="中山企业", district=District.objects.get(code="210202"))
    page = client_for(personas.district).get(reverse("enterprises:enterprise_list")).content.decode()
    assert "甘井子企业" in page and "中山企业" not in page
