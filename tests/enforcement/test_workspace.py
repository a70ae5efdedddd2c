"""Enforcement's workspace widgets (announced inspections, tasks, escalated findings) and the inspection deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.core.models import District, User
from npgov.core.registry import WorkList, registry
from npgov.enforcement.workspace import inspection_deadlines
from npgov.enterprises.models import Enterprise
from tests.compliance.factories import FindingFactory
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enforcement.factories import CaseFactory, InspectionDrawFactory, InspectionTaskFactory, InspectorFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def work(key: str, user: User, today: date = TODAY) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == key)
    result = widget.items(User.objects.get(pk=user.pk), today)
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def assert_every_link_opens(user: User, result: WorkList) -> None:
    client = client_for(user)
    for item in result.items:
        assert client.get(item.url).status_code == 200, item.url
    if result.more_url:
        assert client.get(result.more_url).status_code == 200


@pytest.fixture
def company(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


def test_an_enterprise_sees_its_inspections_only_once_the_public_does(personas: Personas, company: Enterprise) -> None:
    """双随机、一公开: an enterprise is not told in advance that it was drawn; it sees the published results."""
    past = InspectionTaskFactory(
        enterprise=company, draw=InspectionDrawFactory(published=True, due_date=TODAY - timedelta(days=1)),
        due_date=TODAY - timedelta(days=1),
    )  # fmt: skip
    upcoming = InspectionTaskFactory(
        enterprise=company, draw=InspectionDrawFactory(published=True), due_date=TODAY + timedelta(days=10)
    )
    InspectionTaskFactory(draw=upcoming.draw)  # another enterprise's task in the same draw, not yet inspected
    InspectionTaskFactory(enterprise=company, draw=InspectionDrawFactory(published=False), status="done")
    inspected = InspectionTaskFactory(enterprise=company, draw=InspectionDrawFactory(published=True), status="done")
    result = work("enforcement.announced", personas.enterprise)
    assert {item.url for item in result.items} == {
        reverse("enforcement:public_draw", args=[past.draw_id]), reverse("enforcement:public_draw",
                                                                         args=[inspected.draw_id])}  # fmt: skip
    assert str(upcoming.draw_id) not in " ".join(item.url for item in result.items)
    # the enterprise may not open the task itself (officials only), but the published draw page
    assert client_for(personas.enterprise).get(past.get_absolute_url()).status_code in (403, 404)
    assert_every_link_opens(personas.enterprise, result)


def test_a_district_sees_the_inspections_to_carry_out_in_its_district(personas: Personas, company: Enterprise) -> None:
    late = InspectionTaskFactory(enterprise=company, due_date=TODAY - timedelta(days=3))
    later = InspectionTaskFactory(enterprise=company, due_date=TODAY + timedelta(days=3))
    InspectionTaskFactory(enterprise=EnterpriseFactory(district=District.objects.get(code="210283")))
    InspectionTaskFactory(enterprise=company, status="done")
    result = work("enforcement.district_tasks", personas.district)
    assert [i.url for i in result.items] == [late.get_absolute_url(), later.get_absolute_url()]
    assert result.items[0].overdue(TODAY) and result.total == 2
    assert_every_link_opens(personas.district, result)


def test_the_bureau_sees_overdue_inspections_and_escalated_findings_without_a_case(
    personas: Personas, company: Enterprise
) -> None:
    late = InspectionTaskFactory(enterprise=company, due_date=TODAY - timedelta(days=1))
    InspectionTaskFactory(enterprise=company, due_date=TODAY + timedelta(days=1))
    tasks = work("enforcement.overdue_tasks", personas.bureau)
    assert [i.url for i in tasks.items] == [late.get_absolute_url()]
    waiting = FindingFactory(enterprise=company, status="escalated", note="拒不整改")
    handled = FindingFactory(enterprise=company, status="escalated")
    CaseFactory(enterprise=company, finding=handled)
    escalated = work("enforcement.escalated", personas.bureau)
    assert [i.url for i in escalated.items] == [waiting.get_absolute_url()] and escalated.items[0].note == "拒不整改"
    assert_every_link_opens(personas.bureau, tasks)
    assert_every_link_opens(personas.bureau, escalated)


def test_enforcement_widgets_cost_the_same_queries_with_more_data(personas: Personas, company: Enterprise) -> None:
    draw = InspectionDrawFactory(published=True)
    InspectionTaskFactory(enterprise=company, draw=draw, due_date=TODAY - timedelta(days=1))
    FindingFactory(enterprise=company, status="escalated")
    keys = [("enforcement.announced", personas.enterprise), ("enforcement.district_tasks", personas.district),
            ("enforcement.overdue_tasks", personas.bureau), ("enforcement.escalated", personas.bureau)]  # fmt: skip
    few = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    for n in range(10):
        InspectionTaskFactory(enterprise=company, draw=InspectionDrawFactory(published=True),
                              due_date=TODAY - timedelta(days=n))  # fmt: skip
        FindingFactory(enterprise=EnterpriseFactory(), status="escalated")
    many = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    assert many == few and max(many) <= 6
    assert len(work("enforcement.district_tasks", personas.district).items) == 5


def test_the_deadline_reminds_inspectors_and_the_district(personas: Personas, company: Enterprise) -> None:
    officer = UserFactory(role="district", district=District.objects.get(code="210211"))
    inspector = InspectorFactory(user=UserFactory(role="bureau"))
    soon = InspectionTaskFactory(enterprise=company, due_date=TODAY + timedelta(days=2), inspectors=[inspector])
    InspectionTaskFactory(enterprise=company, due_date=TODAY + timedelta(days=30))  # beyond the horizon
    InspectionTaskFactory(enterprise=company, due_date=TODAY, status="done")
    remote = EnterpriseFactory(district=District.objects.get(code="210283"))
    orphan = InspectionTaskFactory(enterprise=remote, due_date=TODAY - timedelta(days=4))
    deadlines = {d.key: d for d in inspection_deadlines(TODAY, TODAY + timedelta(days=7))}
    assert set(deadlines) == {f"enforcement.inspectiontask:{t.pk}" for t in (soon, orphan)}
    mine = deadlines[f"enforcement.inspectiontask:{soon.pk}"]
    assert mine.kind == "inspection_due" and mine.due == soon.due_date
    assert mine.recipients == tuple(sorted([personas.district.pk, officer.pk, inspector.user_id]))
    # no inspector account and no district official there: whoever made the draw
    assert deadlines[f"enforcement.inspectiontask:{orphan.pk}"].recipients == (orphan.draw.created_by_id,)
    few = queries(lambda: list(inspection_deadlines(TODAY, TODAY + timedelta(days=7))))
    for _n in range(8):
        InspectionTaskFactory(enterprise=EnterpriseFactory(), due_date=TODAY, inspectors=[InspectorFactory()])
    assert queries(lambda: list(inspection_deadlines(TODAY, TODAY + timedelta(days=7)))) == few <= 3
