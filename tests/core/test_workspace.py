"""The home page as each role's workspace (工作台): own work first, overdue first, labels, empty states, links."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from npgov.core.models import District, User
from npgov.core.registry import WorkItem, WorkList, WorkWidget, registry
from npgov.core.views.home import workspace_widgets
from tests.compliance.factories import FindingFactory
from tests.conftest import Personas, client_for
from tests.enforcement.factories import InspectionDrawFactory, InspectionTaskFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, ReviewCommentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

ROLES = ("sysadmin", "bureau", "department", "district", "enterprise", "expert")
HOME = "/"


@pytest.fixture
def story(personas: Personas) -> dict[str, object]:
    """A little of everything: an enterprise in Ganjingzi with a returned report, findings and an inspection."""
    today = timezone.localdate()
    company = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    company.users.add(personas.enterprise)
    campaign = CampaignFactory(year=2025, deadline=today + timedelta(days=20))
    returned = SubmissionFactory(campaign=campaign, enterprise=company, status="returned")
    ReviewCommentFactory(submission=returned, text="请补充排放去向。")
    SubmissionFactory(
        campaign=campaign, enterprise=EnterpriseFactory(), status="submitted", submitted_at=timezone.now()
    )
    SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review")
    later = FindingFactory(enterprise=company, due_date=today + timedelta(days=40))
    late = FindingFactory(enterprise=company, due_date=today - timedelta(days=3))
    FindingFactory(enterprise=company, status="escalated")
    InspectionTaskFactory(enterprise=company, draw=InspectionDrawFactory(published=True), due_date=today - timedelta(1))
    return {"company": company, "late": late, "later": later, "returned": returned}


def workspace_links(html: str) -> list[str]:
    section = html[html.index('id="workspace"') : html.index("</section>", html.index('id="workspace"'))]
    return re.findall(r'href="([^"]+)"', section)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_a_workspace_whose_links_all_open(
    personas: Personas, story: dict[str, object], role: str
) -> None:
    user = personas.get(role)
    client = client_for(user)
    with translation.override("zh-hans"):
        response = client.get(HOME, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作台" in html or "Workspace" in html
    if role in ("bureau", "district", "enterprise", "sysadmin"):
        assert workspace_links(html), f"{role} has no work listed"
    main = html[html.index("<main") : html.index("</main>")]  # the widgets and the overview cards
    for url in {u for u in re.findall(r'href="([^"]+)"', main) if u.startswith("/")}:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, (role, url)


def test_the_enterprise_leads_with_its_own_work_overdue_first(personas: Personas, story: dict[str, object]) -> None:
    html = client_for(personas.enterprise).get(HOME).content.decode()
    late, later = story["late"], story["later"]
    assert html.index(late.get_absolute_url()) < html.index(later.get_absolute_url())  # type: ignore[attr-defined]
    assert html.index('id="workspace"') < html.index('id="overview"')
    assert "请补充排放去向。" in html  # the reviewers' comment on the returned report
    assert 'data-overdue="1"' in html and 'id="workspace-overdue"' in html
    assert "card-organisation" not in html  # the city's organisation counts are the bureau's overview


def test_the_bureau_keeps_the_city_overview_below_its_own_queues(personas: Personas, story: dict[str, object]) -> None:
    html = client_for(personas.bureau).get(HOME).content.decode()
    assert "card-organisation" in html
    assert html.index('id="widget-surveyscity_review"') < html.index("card-organisation")
    for role in ("district", "department", "expert"):
        assert "card-organisation" not in client_for(personas.get(role)).get(HOME).content.decode()


def test_statuses_are_shown_by_their_labels(personas: Personas, story: dict[str, object]) -> None:
    with translation.override("en"):
        html = client_for(personas.enterprise).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = re.sub(r"<[^>]+>", " ", html[html.index('id="workspace"') :])
    assert "Returned for correction" in text
    for code in ("returned", "rectification_submitted", "city_review", "assigned"):
        assert not re.search(rf"\b{code}\b", text), code


def fake(items: list[WorkItem], total: int | None = None, more_url: str | None = None) -> WorkWidget:
    work = WorkList(items, len(items) if total is None else total, more_url)
    return WorkWidget("test.fake", "Fake", frozenset({"district"}), lambda user, today: work, order=1)


def test_overdue_items_come_first_then_by_due_date(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    today = date(2026, 5, 20)
    items = [
        WorkItem("undated", "/a/"),
        WorkItem("later", "/b/", due=today + timedelta(days=9)),
        WorkItem("late", "/c/", due=today - timedelta(days=1)),
        WorkItem("soon", "/d/", due=today),
        WorkItem("very late", "/e/", due=today - timedelta(days=30)),
    ]
    monkeypatch.setattr(registry, "widgets", [fake(items, total=12, more_url="/more/")])
    [widget] = workspace_widgets(User.objects.get(pk=personas.district.pk), today)
    assert [s.item.title for s in widget.items] == ["very late", "late", "soon", "later", "undated"]
    assert [s.overdue for s in widget.items] == [True, True, False, False, False]
    assert widget.overdue == 2 and widget.more == 7


def test_an_empty_widget_says_so_and_a_full_one_links_to_the_rest(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "widgets", [fake([])])
    with translation.override("en"):
        html = client_for(personas.district).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "np-widget-empty" in html and "Nothing here at the moment." in html
    more = reverse("compliance:finding_list")
    monkeypatch.setattr(registry, "widgets", [fake([WorkItem("一项", "/x/")], total=4, more_url=more)])
    with translation.override("en"):
        html = client_for(personas.district).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 more" in html and f'href="{more}"' in html


def test_a_widget_returning_none_is_left_out_and_no_widget_means_an_empty_workspace(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = WorkWidget("test.none", "Hidden", frozenset({"district"}), lambda user, today: None)
    monkeypatch.setattr(registry, "widgets", [hidden])
    html = client_for(personas.district).get(HOME).content.decode()
    assert 'id="workspace-empty"' in html and "test.none" not in html


def test_item_text_is_escaped(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "widgets", [fake([WorkItem("<script>x</script>", "/x/", note="<b>n</b>")])])
    html = client_for(personas.district).get(HOME).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html and "<b>n</b>" not in html


def test_an_overdue_item_says_overdue_once(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    # A widget may give "Overdue" as the item's status too; the page shows the overdue badge only.
    late = WorkItem("迟报", "/x/", due=date(2020, 1, 1), status=gettext_lazy("Overdue"))
    monkeypatch.setattr(registry, "widgets", [fake([late])])
    html = client_for(personas.district).get(HOME, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    item = html.split('data-overdue="1"', 1)[1].split("</li>", 1)[0]
    assert item.count("已逾期") == 1


def test_widgets_with_work_lead_and_empty_ones_follow(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = WorkWidget("test.empty", "Empty", frozenset({"district"}), lambda user, today: WorkList([], 0), order=1)
    full = WorkWidget(
        "test.full", "Full", frozenset({"district"}), lambda user, today: WorkList([WorkItem("x", "/x/")], 1), order=2
    )
    monkeypatch.setattr(registry, "widgets", [empty, full])
    widgets = workspace_widgets(User.objects.get(pk=personas.district.pk), date(2026, 5, 20))
    assert [w.key for w in widgets] == ["test.full", "test.empty"]


@pytest.mark.parametrize("role", ("enterprise", "district", "bureau"))
def test_the_workspace_costs_the_same_queries_with_more_data(
    personas: Personas, story: dict[str, object], role: str
) -> None:
    client = client_for(personas.get(role))
    client.get(HOME)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    today = timezone.localdate()
    company = story["company"]
    campaign = story["returned"].campaign  # type: ignore[attr-defined]
    for n in range(8):
        FindingFactory(enterprise=company, due_date=today - timedelta(days=n))
        FindingFactory(enterprise=company, status="escalated")
        InspectionTaskFactory(enterprise=company, draw=InspectionDrawFactory(published=True), due_date=today)
        SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="submitted")
        SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(), status="city_review")
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
