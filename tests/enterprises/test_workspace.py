"""The enterprise user's "My enterprise" widget: its page and the registry data still missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from npgov.core.models import District, User
from npgov.core.registry import WorkList, registry
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory, PermitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def work(user: User) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == "enterprises.mine")
    result = widget.items(User.objects.get(pk=user.pk), TODAY)
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_widget_names_the_missing_data_and_leads_to_the_enterprise_page(personas: Personas) -> None:
    company = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"),
                                address="大连市甘井子区示例路1号", contact_name="陈工")  # fmt: skip
    company.users.add(personas.enterprise)
    [item] = work(personas.enterprise).items
    assert item.title == "甘井子示例化工" and item.url == company.get_absolute_url()
    missing = item.note
    assert str(company._meta.get_field("contact_phone").verbose_name) in missing
    assert str(company._meta.get_field("address").verbose_name) not in missing
    assert client_for(personas.enterprise).get(item.url).status_code == 200


def test_complete_data_is_said_so(personas: Personas) -> None:
    company = EnterpriseFactory(address="示例路1号", contact_name="陈工", contact_phone="0411-12345678",
                                latitude=38.9, longitude=121.6)  # fmt: skip
    PermitFactory(enterprise=company)
    company.users.add(personas.enterprise)
    [item] = work(personas.enterprise).items
    assert company.uscc in item.note and "contact_phone" not in item.note


def test_an_unlinked_account_is_told_whom_to_ask_with_a_link_it_may_open(personas: Personas) -> None:
    [item] = work(personas.enterprise).items
    assert client_for(personas.enterprise).get(item.url).status_code == 200


def test_the_widget_costs_the_same_queries_with_more_data(personas: Personas) -> None:
    company = EnterpriseFactory()
    company.users.add(personas.enterprise)
    few = queries(lambda: work(personas.enterprise))
    for _n in range(5):
        PermitFactory(enterprise=company)
        EnterpriseFactory().users.add(personas.enterprise)
    assert queries(lambda: work(personas.enterprise)) == few <= 3
    assert len(work(personas.enterprise).items) == 6
