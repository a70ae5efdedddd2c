"""The generic list page: search, filter, sort, paginate, empty states, a bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.core.views.generic import PER_PAGE_CHOICES
from tests.conftest import Personas, client_for
from tests.core.factories import JobFactory

pytestmark = pytest.mark.django_db
DISTRICTS = reverse("core:district_list")


def rows(response) -> list:  # type: ignore[no-untyped-def]
    return list(response.context["table"].page.object_list)


def test_it_searches_and_filters(personas: Personas) -> None:
    client = client_for(personas.bureau)
    assert [r.record.code for r in rows(client.get(DISTRICTS + "?q=甘井子"))] == ["210211"]
    zones = rows(client.get(DISTRICTS + "?kind=zone&per_page=50"))
    assert len(zones) == 11 and all(r.record.kind == "zone" for r in zones)


def test_it_sorts_by_a_column(personas: Personas) -> None:
    codes = [r.record.code for r in rows(client_for(personas.bureau).get(DISTRICTS + "?sort=-code"))]
    assert codes == sorted(codes, reverse=True)


def test_it_paginates(personas: Personas) -> None:
    client = client_for(personas.bureau)
    first, second = client.get(DISTRICTS), client.get(DISTRICTS + "?page=2")
    assert len(rows(first)) == 25 and len(rows(second)) == 6
    assert "共 31 条记录" in first.content.decode()


def test_it_explains_an_empty_result(personas: Personas) -> None:
    page = client_for(personas.bureau).get(DISTRICTS + "?q=不存在的地方").content.decode()
    assert "没有符合筛选条件的记录" in page


def test_it_tells_a_user_with_no_jobs_what_they_are(personas: Personas) -> None:
    page = client_for(personas.expert).get(reverse("core:job_list")).content.decode()
    assert "暂无记录" in page


def test_it_shows_only_the_users_own_jobs(personas: Personas) -> None:
    JobFactory(name="别人的任务", task="t", user=personas.bureau)
    page = client_for(personas.expert).get(reverse("core:job_list")).content.decode()
    assert "别人的任务" not in page


def test_it_needs_a_bounded_number_of_queries(personas: Personas) -> None:
    client = client_for(personas.bureau)
    client.get(DISTRICTS)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        client.get(DISTRICTS + "?per_page=25")
    with CaptureQueriesContext(connection) as large:
        client.get(DISTRICTS + "?per_page=100")
    assert len(large) == len(small) <= 12


def test_the_dashboard_counts_real_rows(personas: Personas) -> None:
    # the organisation counts are the bureau's city overview (other roles lead with their own work)
    page = client_for(personas.bureau).get(reverse("core:home")).content.decode()
    assert 'data-count="districts">31<' in page and 'data-count="departments">30<' in page


@pytest.mark.parametrize(
    ("per_page", "rows"), [("10000", PER_PAGE_CHOICES[0]), ("-5", PER_PAGE_CHOICES[0]), ("50", 50)]
)
def test_page_size_is_one_of_the_offered_ones(personas: Personas, per_page: str, rows: int) -> None:
    response = client_for(personas.bureau).get(
        reverse("substances:substance_list"), {"per_page": per_page, "page": "999"}
    )
    assert response.status_code == 200 and len(response.context["table"].page.object_list) == rows


def test_the_menu_and_the_bell_are_computed_once_per_page(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    # the table renders its own template with the request, which runs the context processors a second time
    from npgov.core import context_processors
    from npgov.notifications import context_processors as bell

    menus, counts = [], []
    compute_menu, count_unread = context_processors._navigation, bell.unread_count
    monkeypatch.setattr(context_processors, "_navigation", lambda request: menus.append(1) or compute_menu(request))
    monkeypatch.setattr(bell, "unread_count", lambda user: counts.append(1) or count_unread(user=user))
    response = client_for(personas.bureau).get(DISTRICTS)
    assert response.status_code == 200 and "nav_menu" in response.context
    assert (len(menus), len(counts)) == (1, 1)
