"""Routing complaints, the handlers' pages and actions, the workspace widgets, the deadline and open data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from npgov.core.models import Department, District, User
from npgov.core.registry import WorkList, registry
from npgov.notifications.models import Notification
from npgov.portal.complaints import routing, services
from npgov.portal.complaints.models import Complaint, ComplaintStep
from npgov.portal.complaints.services import ComplaintInput, complaint_file
from npgov.portal.complaints.workspace import complaint_deadlines
from npgov.portal.opendata import DATASETS
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.monitoring.factories import SiteFactory
from tests.portal.factories_complaints import ComplaintFactory, ComplaintPhotoFactory

pytestmark = pytest.mark.django_db

GANJINGZI = (38.9541, 121.4648)
ZHONGSHAN = (38.9036, 121.6691)
LIANYUN = (34.5746, 119.4681)  # 连云区, Lianyungang
TODAY = timezone.localdate()


def file(topic: str = "pesticide", point: tuple[float, float] | None = GANJINGZI, **extra: Any) -> Complaint:
    lat, lon = point if point else (None, None)
    return complaint_file(
        data=ComplaintInput(topic=topic, description="一段描述", latitude=lat, longitude=lon, **extra)
    )


# --- routing ---------------------------------------------------------------------------------------------------
def test_the_district_comes_from_the_point(org: None) -> None:
    assert routing.district_code_at(*GANJINGZI) == "210211"
    assert routing.district_code_at(*ZHONGSHAN) == "210202"
    assert routing.district_code_at(*LIANYUN) == "320703"
    assert routing.district_code_at(30.0, 110.0) is None


@pytest.mark.parametrize(
    ("topic", "department"),
    [("pesticide", "dl-ara"), ("emission", "dl-eeb"), ("chemical_waste", "dl-eeb"), ("other", "dl-eeb"),
     ("product", "dl-samr"), ("trade", "dl-customs"), ("marine", "dl-ocean")],
)  # fmt: skip
def test_the_department_comes_from_the_topic(org: None, topic: str, department: str) -> None:
    filed_on = timezone.localdate()  # not the module's TODAY: a run may cross midnight in Beijing
    complaint = file(topic)
    assert complaint.department.code == department and complaint.district.code == "210211"
    assert complaint.due_date - timedelta(days=15) in (filed_on, timezone.localdate())
    assert [s.kind for s in complaint.steps.all()] == ["received", "routed"]


def test_a_city_without_the_function_falls_back_to_its_lead_department(org: None) -> None:
    Department.objects.filter(function="customs", city__code="320700").update(function="")
    complaint = file("trade", LIANYUN)
    assert complaint.district.code == "320703"
    assert complaint.department == Department.objects.get(city__code="320700", is_lead=True)


def test_the_chosen_district_when_there_is_no_point(org: None) -> None:
    complaint = file("emission", None, district=District.objects.get(code="210202"), address="某地")
    assert complaint.district.code == "210202" and complaint.department.code == "dl-eeb"


def test_the_point_wins_over_the_chosen_district(org: None) -> None:
    complaint = file("emission", GANJINGZI, district=District.objects.get(code="210202"))
    assert complaint.district.code == "210211"


def test_routing_tells_the_department_and_the_district(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    other_district = UserFactory(username="zs", role="district", district=District.objects.get(code="210202"))
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file("pesticide")
    notified = set(Notification.objects.filter(kind="complaint_routed").values_list("recipient_id", flat=True))
    assert notified == {personas.department.pk, personas.district.pk}
    assert other_district.pk not in notified
    note = Notification.objects.filter(kind="complaint_routed").first()
    assert note.url == complaint.get_absolute_url() and complaint.tracking_code in note.title


# --- the handlers' pages ------------------------------------------------------------------------------------
def test_handler_scoping(personas: Personas) -> None:
    mine = ComplaintFactory()  # 农业农村局, 甘井子区
    elsewhere = ComplaintFactory(department=Department.objects.get(code="dl-samr"),
                                 district=District.objects.get(code="210202"))  # fmt: skip
    url = reverse("portal:complaint_detail", args=[elsewhere.pk])
    assert client_for(personas.department).get(url).status_code == 404
    assert client_for(personas.district).get(url).status_code == 404
    assert client_for(personas.enterprise).get(url).status_code == 404
    assert client_for(personas.bureau).get(url).status_code == 200
    for user in (personas.department, personas.district, personas.bureau):
        page = client_for(user).get(reverse("portal:complaint_detail", args=[mine.pk]))
        assert page.status_code == 200
        assert "13800000000" in page.content.decode()  # officials see the contact
    listing = client_for(personas.department).get(reverse("portal:complaint_list")).content.decode()
    assert mine.tracking_code in listing and elsewhere.tracking_code not in listing
    other = UserFactory(username="samr", role="department", department=Department.objects.get(code="dl-samr"))
    act = client_for(other).post(reverse("portal:complaint_act", args=[mine.pk]), {"action": "close"})
    assert act.status_code == 404


def test_photos_only_through_the_permission_check(personas: Personas) -> None:
    photo = ComplaintPhotoFactory(complaint=ComplaintFactory())
    url = reverse("portal:complaint_photo", args=[photo.pk])
    response = client_for(personas.department).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    other = UserFactory(username="samr", role="department", department=Department.objects.get(code="dl-samr"))
    assert client_for(other).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # the public is sent to sign in


def test_the_list_filters(personas: Personas) -> None:
    late = ComplaintFactory(due_date=TODAY - timedelta(days=2))
    fresh = ComplaintFactory(topic="emission")
    client = client_for(personas.bureau)
    overdue = client.get(reverse("portal:complaint_list"), {"overdue": "1"}).content.decode()
    assert late.tracking_code in overdue and fresh.tracking_code not in overdue
    by_code = client.get(reverse("portal:complaint_list"), {"q": fresh.tracking_code.lower()}).content.decode()
    assert fresh.tracking_code in by_code and late.tracking_code not in by_code
    by_topic = client.get(reverse("portal:complaint_list"), {"topic": "emission", "sort": "-due_date"}).content.decode()
    assert fresh.tracking_code in by_topic and late.tracking_code not in by_topic


def test_nearby_enterprises_and_sites_by_distance(personas: Personas) -> None:
    lat, lon = GANJINGZI
    near = EnterpriseFactory(name="近处化工", latitude=lat + 0.005, longitude=lon)  # about 0.56 km
    nearer = EnterpriseFactory(name="更近化工", latitude=lat + 0.001, longitude=lon)
    EnterpriseFactory(name="远处化工", latitude=lat + 0.2, longitude=lon)  # about 22 km
    SiteFactory(name="近处断面", latitude=lat, longitude=lon + 0.01)
    SiteFactory(name="远处断面", latitude=lat + 1, longitude=lon)
    complaint = ComplaintFactory()
    body = client_for(personas.district).get(reverse("portal:complaint_detail", args=[complaint.pk])).content.decode()
    assert body.index(nearer.name) < body.index(near.name) and "远处化工" not in body
    assert "近处断面" in body and "远处断面" not in body
    assert "0.11 km" in body  # 0.001° of latitude


def test_the_detail_page_costs_bounded_queries(personas: Personas, django_assert_max_num_queries: Any) -> None:
    complaint = ComplaintFactory()
    for _i in range(3):
        ComplaintPhotoFactory(complaint=complaint)
        EnterpriseFactory(latitude=GANJINGZI[0], longitude=GANJINGZI[1])
    client = client_for(personas.department)
    with django_assert_max_num_queries(20):
        assert client.get(complaint.get_absolute_url()).status_code == 200


# --- actions ---------------------------------------------------------------------------------------------------
def act(user: User, complaint: Complaint, **data: str) -> Any:
    return client_for(user).post(reverse("portal:complaint_act", args=[complaint.pk]), data)


def test_take_reply_close(personas: Personas) -> None:
    complaint = file("pesticide")
    assert act(personas.department, complaint, action="take", note="安排核查").status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "in_progress" and complaint.handler == personas.department
    act(personas.department, complaint, action="reply", reply="已清理。", note="内部备注")
    complaint.refresh_from_db()
    assert complaint.status == "replied" and complaint.public_reply == "已清理。" and complaint.replied_at
    act(personas.district, complaint, action="close")
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.closed_at
    steps = list(complaint.steps.values_list("kind", "actor_id"))
    assert steps == [("received", None), ("routed", None), ("accepted", personas.department.pk),
                     ("replied", personas.department.pk), ("closed", personas.district.pk)]  # fmt: skip
    # closed: no more actions, and no buttons
    page = client_for(personas.department).get(complaint.get_absolute_url()).content.decode()
    assert 'id="complaint-actions"' not in page
    assert act(personas.department, complaint, action="reply", reply="再答").status_code == 403


def test_buttons_only_for_those_who_may_act(personas: Personas) -> None:
    complaint = file("pesticide")
    page = client_for(personas.department).get(complaint.get_absolute_url()).content.decode()
    assert 'id="action-take"' in page and 'id="action-reassign"' in page and 'id="action-reply"' in page


def test_a_reply_needs_text_and_close_without_answer_needs_a_public_note(personas: Personas) -> None:
    complaint = file("pesticide")
    act(personas.department, complaint, action="reply", reply="  ")
    act(personas.department, complaint, action="close")
    complaint.refresh_from_db()
    assert complaint.status == "routed"
    act(personas.department, complaint, action="close", public_note="经核查不属于本部门职责范围，且无法联系举报人。")
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_reassign_tells_the_new_handlers(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    complaint = file("pesticide")
    samr_user = UserFactory(username="samr", role="department", department=Department.objects.get(code="dl-samr"))
    refused = act(
        personas.department, complaint, action="reassign", department=str(Department.objects.get(code="dl-samr").pk)
    )
    assert refused.status_code == 302
    complaint.refresh_from_db()
    assert complaint.department.code == "dl-ara"  # an internal note is required
    with django_capture_on_commit_callbacks(execute=True):
        act(personas.department, complaint, action="reassign", note="属于产品质量问题",
            department=str(Department.objects.get(code="dl-samr").pk))  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.department.code == "dl-samr" and complaint.status == "routed"
    step = complaint.steps.get(kind=ComplaintStep.Kind.REASSIGNED)
    assert step.internal_note == "属于产品质量问题" and step.actor == personas.department
    assert Notification.objects.filter(kind="complaint_routed", recipient=samr_user).exists()
    # the old department no longer sees it; the district still does
    assert client_for(personas.department).get(complaint.get_absolute_url()).status_code == 404
    assert client_for(personas.district).get(complaint.get_absolute_url()).status_code == 200
    # the internal note never reaches the public
    status = Client().get(f"/api/portal/complaints/{complaint.tracking_code}/").content.decode()
    assert "属于产品质量问题" not in status and "大连市市场监督管理局" in status


def test_the_public_sees_the_reply_after_a_department_answers(personas: Personas) -> None:
    complaint = file("pesticide")
    url = f"{reverse('portal:complaint_status')}?code={complaint.tracking_code}"
    assert "已清理完毕" not in Client().get(url).content.decode()
    act(personas.department, complaint, action="reply", reply="已清理完毕。")
    assert "已清理完毕" in Client().get(url).content.decode()


# --- workspace, deadline, open data ----------------------------------------------------------------------------
def work(key: str, user: User, today: date = TODAY) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == key)
    result = widget.items(User.objects.get(pk=user.pk), today)
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_widgets_show_overdue_first(personas: Personas) -> None:
    late = ComplaintFactory(due_date=TODAY - timedelta(days=3))
    soon = ComplaintFactory(due_date=TODAY + timedelta(days=3))
    ComplaintFactory(due_date=TODAY - timedelta(days=9), status="replied")  # answered: not open
    other = ComplaintFactory(due_date=TODAY - timedelta(days=1), department=Department.objects.get(code="dl-samr"),
                             district=District.objects.get(code="210202"))  # fmt: skip
    mine = work("portal.complaints_routed", personas.department)
    assert [i.url for i in mine.items] == [late.get_absolute_url(), soon.get_absolute_url()]
    assert mine.items[0].overdue(TODAY)
    bureau = work("portal.complaints_overdue", personas.bureau)
    assert [i.url for i in bureau.items] == [late.get_absolute_url(), other.get_absolute_url()]
    client = client_for(personas.bureau)
    assert client.get(bureau.more_url).status_code == 200 and "overdue=true" in bureau.more_url
    assert [w.key for w in registry.widgets_for(personas.district)].count("portal.complaints_routed") == 1
    assert "portal.complaints_routed" not in [w.key for w in registry.widgets_for(personas.enterprise)]
    home = client_for(personas.department).get("/").content.decode()
    assert late.tracking_code in home


def test_the_widgets_cost_the_same_queries_with_more_data(personas: Personas) -> None:
    ComplaintFactory(due_date=TODAY - timedelta(days=1))
    keys = [("portal.complaints_routed", personas.department), ("portal.complaints_overdue", personas.bureau)]
    few = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    for n in range(12):
        ComplaintFactory(due_date=TODAY - timedelta(days=n))
    many = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    assert many == few and max(many) <= 4


def test_the_deadline_source(personas: Personas) -> None:
    due = ComplaintFactory(due_date=TODAY + timedelta(days=2))
    ComplaintFactory(due_date=TODAY + timedelta(days=30))  # beyond the horizon
    ComplaintFactory(due_date=TODAY - timedelta(days=2), status="closed")
    with CaptureQueriesContext(connection) as captured:
        deadlines = list(complaint_deadlines(TODAY, TODAY + timedelta(days=7)))
    assert len(captured) <= 2
    assert [d.key for d in deadlines] == [f"portal.complaint:{due.pk}"]
    assert deadlines[0].kind == "complaint_due" and deadlines[0].due == due.due_date
    assert set(deadlines[0].recipients) == {personas.department.pk, personas.district.pk}
    assert any(s.key == "portal.complaint_due" for s in registry.deadline_sources)


def test_the_open_dataset_holds_statistics_only(personas: Personas) -> None:
    answered = file("pesticide")
    services.complaint_reply(complaint=answered, user=personas.department, reply="答复内容")
    file("emission")
    dataset = DATASETS["complaint-statistics"]
    rows = list(dataset.rows())
    assert sum(r["complaints"] for r in rows) == 2
    assert set(rows[0]) == {key for key, _label in dataset.columns}
    text = repr(rows)
    for private in ("一段描述", "答复内容", "王", answered.tracking_code, "138"):
        assert private not in text
    assert any(r["average_days_to_answer"] is not None for r in rows)


def test_the_demo_is_idempotent(personas: Personas) -> None:
    from npgov.core.demo import create_demo_users
    from npgov.portal.complaints.demo import load

    create_demo_users()
    load()
    load()
    assert Complaint.objects.count() == 4
    agri = User.objects.get(username="agri")
    assert Complaint.objects.restrict(agri).count() == 2
    assert Complaint.objects.get(tracking_code="JBDEMXAGR2A2XX").status == "replied"
    assert Complaint.objects.get(tracking_code="JBDEMXAGR3B3XX").is_overdue()
    district = User.objects.get(username="district")
    assert Complaint.objects.restrict(district).count() == 3
    # the demo's fixed codes have the length of real ones, so a visitor can look them up
    response = Client().get("/portal/complaints/status/", {"code": "JBDEMXAGR2A2XX"})
    assert response.status_code == 200 and "JBDEMXAGR2A2XX" in response.content.decode()


def test_reassign_stays_within_the_city(personas: Personas) -> None:
    complaint = file("pesticide")
    act(personas.bureau, complaint, action="reassign", note="错派", district="320703")  # a district of Lianyungang
    complaint.refresh_from_db()
    assert complaint.district.code == "210211" and not complaint.steps.filter(kind="reassigned").exists()
    act(personas.bureau, complaint, action="reassign", note="事发地在中山区", district="210202")
    complaint.refresh_from_db()
    assert complaint.district.code == "210202" and complaint.department.code == "dl-ara"
