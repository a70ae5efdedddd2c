"""`npgov reference` and `npgov demo` load the shipped data idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from npgov.core.models import Department, District, User
from npgov.core.models.organisation import District as DistrictModel

pytestmark = pytest.mark.django_db


def test_it_loads_the_divisions_zones_and_departments_of_both_cities(db: None) -> None:
    call_command("reference")
    assert District.objects.filter(parent__code="210200", official_code=True).count() == 10
    assert District.objects.filter(parent__code="320700", official_code=True).count() == 6
    assert set(District.objects.filter(kind="zone").values_list("zone_label", flat=True)) == {"先导区", "功能板块"}
    assert Department.objects.filter(city__code="210200").count() == 15
    assert Department.objects.get(code="lyg-miit").short_name_zh == "市工信局"
    assert Department.objects.filter(is_lead=True).count() == 2
    assert not User.objects.exists()  # reference data creates no users


def test_a_second_run_changes_nothing(db: None) -> None:
    call_command("demo")
    history_rows = DistrictModel.history.count()
    call_command("demo")
    assert DistrictModel.history.count() == history_rows
    assert User.objects.count() == 6
    assert set(User.objects.values_list("role", flat=True)) == {
        "sysadmin", "bureau", "department", "district", "enterprise", "expert"
    }  # fmt: skip


def test_it_marks_unverified_zones(db: None) -> None:
    call_command("reference")
    assert not District.objects.get(name_zh="海州湾旅游度假区").verified
    assert District.objects.get(code="320700Z01").statistical_code == "320771"
