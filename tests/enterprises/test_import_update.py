"""Importing the enterprise template over existing enterprises (issue #16, defects 2 and 7): an empty cell keeps
the value (reporting accounts, key-discharge flag), 重点排污单位=否 is no, and the page previews the change."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from npgov.core.choices import Role
from npgov.enterprises.models import Enterprise
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = reverse("enterprises:enterprise_import")


def template_headers(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(URL + "?template=xlsx")
    return [str(c) for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))]


def filled(headers: list[str], rows: list[dict[str, object]]) -> bytes:
    """A workbook with the template's titles, the cells of each row by field key (others left empty)."""
    from npgov.enterprises.import_specs import ENTERPRISE_IMPORT

    keys = [column.key for column in ENTERPRISE_IMPORT.columns()]
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(client, content: bytes, **extra):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile("enterprises.xlsx", content), **extra})


@pytest.fixture
def linked(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甲化工", key_discharge_unit=True, address="甘井子区甲路1号")
    enterprise.users.add(personas.enterprise)
    return enterprise


def test_the_template_reimported_with_empty_cells_keeps_users_and_the_key_discharge_flag(
    personas: Personas, linked: Enterprise
) -> None:
    client = client_for(personas.bureau)
    headers = template_headers(client)
    assert "填报账号" in headers and "重点排污单位" in headers
    response = post(client, filled(headers, [{"uscc": linked.uscc, "name": "甲化工（更名）"}]))
    assert response.status_code == 302, response.context and response.context["result"].errors
    linked.refresh_from_db()
    assert linked.name == "甲化工（更名）" and linked.key_discharge_unit is True
    assert list(linked.users.all()) == [personas.enterprise] and linked.address == "甘井子区甲路1号"
    # the enterprise user still reaches its own enterprise
    assert client_for(personas.enterprise).get(linked.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("word", ["否", "不是", "no", "N", "0"])
def test_a_no_in_the_key_discharge_column_is_no(personas: Personas, linked: Enterprise, word: str) -> None:
    client = client_for(personas.bureau)
    response = post(client, filled(template_headers(client), [{"uscc": linked.uscc, "key_discharge_unit": word}]))
    assert response.status_code == 302
    linked.refresh_from_db()
    assert linked.key_discharge_unit is False and list(linked.users.all()) == [personas.enterprise]


def test_a_new_enterprise_marked_no_is_not_a_key_discharge_unit(personas: Personas) -> None:
    client = client_for(personas.bureau)
    row = {"uscc": "9144030071526726XG", "name": "新企业", "district": "210211", "industry": "2614",
           "key_discharge_unit": "否"}  # fmt: skip
    assert post(client, filled(template_headers(client), [row])).status_code == 302
    assert Enterprise.objects.get(uscc="9144030071526726XG").key_discharge_unit is False


def test_an_unknown_yes_no_word_is_an_error_naming_row_and_column(personas: Personas, linked: Enterprise) -> None:
    client = client_for(personas.bureau)
    response = post(client, filled(template_headers(client), [{"uscc": linked.uscc, "key_discharge_unit": "待定"}]))
    assert response.status_code == 400
    [error] = response.context["result"].errors
    assert (error.row, error.column) == (2, "重点排污单位")
    linked.refresh_from_db()
    assert linked.key_discharge_unit is True


def test_reporting_accounts_are_given_by_user_name(personas: Personas, linked: Enterprise) -> None:
    other = UserFactory(username="bob", role=Role.ENTERPRISE)
    client = client_for(personas.bureau)
    headers = template_headers(client)
    response = post(client, filled(headers, [{"uscc": linked.uscc, "users": f"{personas.enterprise.username}；bob"}]))
    assert response.status_code == 302
    assert set(linked.users.all()) == {personas.enterprise, other}
    response = post(client, filled(headers, [{"uscc": linked.uscc, "users": "nobody"}]))
    assert response.status_code == 400
    assert response.context["result"].errors[0].column == "填报账号"
    assert set(linked.users.all()) == {personas.enterprise, other}


def test_the_page_previews_the_changes_of_an_update_import(personas: Personas, linked: Enterprise) -> None:
    client = client_for(personas.bureau)
    content = filled(template_headers(client), [{"uscc": linked.uscc, "key_discharge_unit": "否"}])
    response = post(client, content, step="preview")
    assert response.status_code == 200
    [change] = response.context["changes"]
    assert change.action == "update" and change.fields == [("重点排污单位", "是", "否")]
    linked.refresh_from_db()
    assert linked.key_discharge_unit is True  # not saved before the confirmation
    assert client.post(URL, {"token": response.context["pending"].token}).status_code == 302
    linked.refresh_from_db()
    assert linked.key_discharge_unit is False and list(linked.users.all()) == [personas.enterprise]
