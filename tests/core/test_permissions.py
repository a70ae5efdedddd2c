"""restrict(user, action): each role reaches exactly the rows DESIGN.md gives it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from npgov.core.choices import Role
from npgov.core.models import Department, District, Job, LoginEvent
from npgov.core.permissions import Scope, ensure_visible
from npgov.workplan.models import Task
from tests.conftest import Personas
from tests.core.factories import JobFactory, LoginEventFactory, UserFactory
from tests.workplan.factories import ProgressReportFactory, ProgressRequestFactory

pytestmark = pytest.mark.django_db


def test_it_lets_every_signed_in_role_read_reference_data(personas: Personas) -> None:
    for role in ("sysadmin", "bureau", "department", "district", "enterprise", "expert"):
        assert District.objects.restrict(personas.get(role), "view").count() == District.objects.count()


def test_it_hides_reference_data_from_the_public(org: None) -> None:
    assert District.objects.restrict(AnonymousUser(), "view").count() == 0


def test_it_lets_only_all_access_roles_change_reference_data(personas: Personas) -> None:
    assert Department.objects.restrict(personas.bureau, "change").count() == Department.objects.count()
    for role in ("department", "district", "enterprise", "expert"):
        assert not Department.objects.restrict(personas.get(role), "change").exists()


def test_it_shows_users_their_own_jobs_only(personas: Personas) -> None:
    mine = JobFactory(name="mine", task="t", user=personas.district)
    JobFactory(name="other", task="t", user=personas.enterprise)
    assert list(Job.objects.restrict(personas.district, "view")) == [mine]
    assert Job.objects.restrict(personas.bureau, "view").count() == 2


def test_it_keeps_the_sign_in_audit_for_all_access_roles(personas: Personas) -> None:
    LoginEventFactory(kind="login", username="x")
    assert LoginEvent.objects.restrict(personas.sysadmin, "view").count() == 1
    assert LoginEvent.objects.restrict(personas.department, "view").count() == 0


def test_it_scopes_a_district_user_to_its_district_and_the_zones_below(personas: Personas) -> None:
    # given a scope by district, and a user of the city (which has districts and zones below it)
    scope = Scope(district="pk", confidential=True)
    city_user = UserFactory(username="city", role=Role.DISTRICT, district=District.objects.get(code="210200"))
    # when
    visible = set(scope.apply(District.objects.all(), city_user, "view").values_list("code", flat=True))
    # then: the city, its districts, its zones, and the zone under a zone; not Lianyungang
    assert {"210200", "210211", "210200Z01", "210200Z02", "210281Z01"} <= visible
    assert not any(code.startswith("3207") for code in visible)
    own = scope.apply(District.objects.all(), personas.district, "view")
    assert list(own.values_list("code", flat=True)) == ["210211"]


def test_it_gives_departments_all_non_confidential_rows_but_only_their_own_to_write(personas: Personas) -> None:
    scope = Scope(department="pk", confidential=False)
    assert scope.apply(Department.objects.all(), personas.department, "view").count() == Department.objects.count()
    assert list(scope.apply(Department.objects.all(), personas.department, "change")) == [
        personas.department.department
    ]


def test_it_hides_confidential_rows_of_other_departments(personas: Personas) -> None:
    scope = Scope(department="pk")
    assert list(scope.apply(Department.objects.all(), personas.department, "view")) == [personas.department.department]


def test_it_gives_the_public_only_the_public_condition(org: None) -> None:
    scope = Scope(public=Q(kind="city"))
    assert set(scope.apply(District.objects.all(), AnonymousUser(), "view").values_list("code", flat=True)) == {
        "210200", "320700"
    }  # fmt: skip
    assert not scope.apply(District.objects.all(), AnonymousUser(), "change").exists()


def test_it_refuses_writers_outside_the_declared_roles(personas: Personas) -> None:
    scope = Scope(department="pk", writers=frozenset({Role.DISTRICT}))
    assert not scope.apply(Department.objects.all(), personas.department, "change").exists()


def test_it_rejects_a_write_that_leaves_the_users_scope(personas: Personas) -> None:
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        ensure_visible(personas.expert, [other], "view")
    ensure_visible(personas.expert, [personas.expert], "view")  # own account: fine


def test_it_rejects_unknown_actions(personas: Personas) -> None:
    with pytest.raises(ValueError, match="unknown action"):
        District.objects.restrict(personas.bureau, "approve")


def test_a_write_is_rechecked_with_the_write_action(personas: Personas) -> None:
    task = Task.objects.get(key="D-T02")
    other = ProgressReportFactory(request=ProgressRequestFactory(plan=task.plan), task=task)  # the ecology bureau's
    ensure_visible(personas.department, [other], "view")  # departments may read it …
    with pytest.raises(PermissionDenied):
        ensure_visible(personas.department, [other], "change")  # … but not write it



def test_only_a_path_through_a_to_many_relation_deduplicates(personas: Personas) -> None:
    """A district user's rows are reached by foreign keys: no repeats, so no DISTINCT (which would sort every
    visible row of a big list). An enterprise user's go through the enterprise's users: DISTINCT. Both lists
    hold each row once, also when the enterprise has several users."""
    from npgov.compliance.models import Finding
    from tests.compliance.factories import FindingFactory
    from tests.enterprises.factories import EnterpriseFactory

    company = EnterpriseFactory(district=personas.district.district)
    company.users.add(personas.enterprise, UserFactory(role=Role.ENTERPRISE))
    finding = FindingFactory(enterprise=company)
    district_rows = Finding.objects.restrict(personas.district, "view")
    enterprise_rows = Finding.objects.restrict(personas.enterprise, "view")
    assert not district_rows.query.distinct and enterprise_rows.query.distinct
    assert list(district_rows) == [finding] and list(enterprise_rows) == [finding]
