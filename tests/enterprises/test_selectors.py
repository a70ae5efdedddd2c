"""The enterprises app's public reads: visible and operating enterprises, industries in use, permits by enterprise."""

from __future__ import annotations

import pytest

from npgov.core.models import District
from npgov.enterprises.constants import CHINA_LATITUDE, CHINA_LONGITUDE
from npgov.enterprises.selectors import (
    enterprise_districts,
    enterprise_list,
    enterprise_operating,
    enterprise_visible,
    industry_by_code,
    industry_with_enterprises,
    permits_by_enterprise,
)
from npgov.enterprises.services import demo_uscc, enterprise_ensure
from npgov.science.identifiers import normalise_uscc
from tests.conftest import Personas
from tests.enterprises.factories import EnterpriseFactory, IndustryFactory, PermitFactory

pytestmark = pytest.mark.django_db


def test_enterprise_visible_follows_the_users_scope(personas: Personas) -> None:
    ganjingzi = EnterpriseFactory()
    elsewhere = EnterpriseFactory(district=District.objects.get(code="210213"))
    assert {ganjingzi, elsewhere} <= set(enterprise_visible(user=personas.bureau))
    district_view = set(enterprise_visible(user=personas.district))
    assert ganjingzi in district_view and elsewhere not in district_view


def test_it_filters_enterprises_by_status_id_and_name_and_gives_their_districts(org: None) -> None:
    operating, closed = EnterpriseFactory(), EnterpriseFactory(status="closed", name="关停测试公司")
    assert operating in enterprise_operating() and closed not in enterprise_operating()
    assert set(enterprise_list(ids=[closed.pk])) == {closed}
    assert set(enterprise_list(name_startswith="关停测试")) == {closed}
    assert enterprise_districts(ids=[operating.pk]) == {operating.pk: operating.district_id}


def test_it_finds_industries_in_use_and_permits_by_enterprise(org: None) -> None:
    unused = IndustryFactory()
    enterprise = EnterpriseFactory()
    permit = PermitFactory(enterprise=enterprise)
    PermitFactory(enterprise=enterprise, kind="registration")
    assert industry_by_code(code="2614") == enterprise.industry
    assert enterprise.industry in industry_with_enterprises() and unused not in industry_with_enterprises()
    assert permits_by_enterprise(enterprise_ids=[enterprise.pk]) == {enterprise.pk: [permit]}


def test_enterprise_ensure_creates_once_and_falls_back_to_a_known_industry(org: None) -> None:
    uscc = demo_uscc(1, "210211")
    assert normalise_uscc(uscc) == uscc
    first = enterprise_ensure(uscc=uscc, name="演示公司", industry_code="0000", district_code="210211")
    again = enterprise_ensure(uscc=uscc, name="另一个名称", industry_code="2661", district_code="210211")
    assert first == again and again.name == "演示公司" and again.industry.code == "2614"


def test_china_bounds_are_shared_constants() -> None:
    assert CHINA_LATITUDE[0] < CHINA_LATITUDE[1] and CHINA_LONGITUDE[0] < CHINA_LONGITUDE[1]
