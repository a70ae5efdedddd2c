"""Keyset (cursor) pages and estimated counts (core.pagination), on the sign-in audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.core.models import LoginEvent
from npgov.core.pagination import Keyset, estimated_count, keyset_iterate, keyset_page
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db
KEYSET = Keyset(("-at", "-id"))
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def events(n: int = 23) -> list[LoginEvent]:
    """``n`` events, three at each time (ties that only the id orders), oldest first."""
    made = LoginEvent.objects.bulk_create([LoginEvent(kind="login", username=f"u{i}") for i in range(n)])
    for i, event in enumerate(made):
        event.at = T0 + timedelta(minutes=i // 3)
    LoginEvent.objects.bulk_update(made, ["at"])
    return made


def newest_first() -> list[int]:
    return list(LoginEvent.objects.order_by("-at", "-id").values_list("pk", flat=True))


def test_it_walks_every_row_once_forwards_and_backwards() -> None:
    events()
    queryset, expected = LoginEvent.objects.all(), newest_first()
    pages, page = [], keyset_page(queryset, KEYSET, per_page=5)
    while True:
        pages.append([e.pk for e in page.rows])
        if not page.has_next:
            break
        page = keyset_page(queryset, KEYSET, per_page=5, after=page.next_cursor)
    assert [pk for part in pages for pk in part] == expected and [len(p) for p in pages] == [5, 5, 5, 5, 3]
    back = []
    while page.has_previous:
        page = keyset_page(queryset, KEYSET, per_page=5, before=page.previous_cursor)
        back.insert(0, [e.pk for e in page.rows])
    assert back == pages[:-1] and page.is_first


def test_the_reversed_order_is_the_same_rows_backwards() -> None:
    events()
    rows = [e.pk for e in keyset_iterate(LoginEvent.objects.all(), KEYSET.reversed(), chunk=4)]
    assert rows == newest_first()[::-1]


def test_a_bad_or_foreign_cursor_starts_over() -> None:
    events(8)
    first = [e.pk for e in keyset_page(LoginEvent.objects.all(), KEYSET, per_page=3).rows]
    foreign = Keyset(("-id",)).encode(LoginEvent.objects.first())
    for token in ("", "%%%", "bm90IGpzb24", foreign, "eyJvIjpbIi1hdCIsIi1pZCJdLCJ2IjpbIngiLDFdfQ", "A" * 500):
        page = keyset_page(LoginEvent.objects.all(), KEYSET, per_page=3, after=token, before=token)
        assert [e.pk for e in page.rows] == first and page.is_first


def test_a_jump_starts_at_the_value() -> None:
    events()
    start = T0 + timedelta(minutes=3, seconds=30)
    page = keyset_page(LoginEvent.objects.all(), KEYSET, per_page=4, start_at=start)
    assert [e.at for e in page.rows] == [T0 + timedelta(minutes=3)] * 3 + [T0 + timedelta(minutes=2)]
    assert page.has_previous and page.has_next


def test_a_page_reads_the_same_queries_deep_or_shallow() -> None:
    events(60)
    queryset = LoginEvent.objects.all()
    page = keyset_page(queryset, KEYSET, per_page=5)
    with CaptureQueriesContext(connection) as shallow:
        keyset_page(queryset, KEYSET, per_page=5, after=page.next_cursor)
    for _ in range(9):
        page = keyset_page(queryset, KEYSET, per_page=5, after=page.next_cursor)
    with CaptureQueriesContext(connection) as deep:
        keyset_page(queryset, KEYSET, per_page=5, after=page.next_cursor)
    assert len(shallow) == len(deep) == 1
    sql = deep.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql and "LIMIT 6" in sql and "COUNT(" not in sql


def test_the_count_is_exact_when_small_and_capped_or_estimated_when_large() -> None:
    events(30)
    queryset = LoginEvent.objects.all()
    assert estimated_count(queryset) == estimated_count(queryset.filter(kind="login"))
    assert estimated_count(queryset).n == 30 and estimated_count(queryset).kind == "exact"
    if connection.vendor == "postgresql":
        # the planner's estimate is used as soon as it is not small
        large = estimated_count(queryset.filter(kind="login"), exact_below=1)
        assert large.kind == "about" and large.n > 0
    else:
        assert estimated_count(queryset, cap=10) == estimated_count(queryset.filter(kind="login"), cap=10)
        assert (estimated_count(queryset, cap=10).kind, estimated_count(queryset, cap=10).n) == ("more_than", 10)


def test_the_sign_in_list_pages_by_cursor(personas: Personas) -> None:
    events(30)
    client = client_for(personas.sysadmin)
    url = reverse("core:loginevent_list")
    first = client.get(url + "?per_page=25")
    page = first.context["keyset_page"]
    assert first.status_code == 200 and len(page.rows) == 25 and page.has_next
    second = client.get(url, {"per_page": 25, "after": page.next_cursor})
    assert second.status_code == 200 and len(second.context["keyset_page"].rows) >= 5
    shown = [e.pk for e in page.rows] + [e.pk for e in second.context["keyset_page"].rows]
    assert shown == list(LoginEvent.objects.order_by("-at", "-id").values_list("pk", flat=True))
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
