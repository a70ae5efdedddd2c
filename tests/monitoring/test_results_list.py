"""The results list at scale: keyset pages, sorting by time only, a jump to a date, local-day filters, an
estimated count, streamed exports (issue 17)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from npgov.monitoring.models import Result, Sample, Site
from npgov.substances.models import Substance
from tests.conftest import client_for
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:result_list")
T0 = datetime(2025, 6, 18, 23, 30, tzinfo=UTC)  # 2025-06-19 07:30 in Dalian


@pytest.fixture
def results(sites: dict[str, Site]) -> list[Result]:
    """40 samples (every 7 hours, two at each time: ties only the id orders) × 2 substances, over three sites."""
    substances = [SubstanceFactory(name_zh="列表物质甲"), SubstanceFactory(name_zh="列表物质乙")]
    made = []
    for i in range(40):
        site = list(sites.values())[i % 3]
        sample = Sample.objects.create(site=site, sampled_at=T0 - timedelta(hours=7 * (i // 2)), matrix="water")
        for substance in substances:
            made.append(Result(sample=sample, substance=substance, site=site, sampled_at=sample.sampled_at,
                               matrix="water", value_reported="1.5", unit_reported="ng/L", qualifier="detected",
                               value=1.5, lod=0.1, loq=0.3))  # fmt: skip
    return Result.objects.bulk_create(made)


def order(queryset) -> list[int]:  # type: ignore[no-untyped-def]
    return list(queryset.order_by("-sampled_at", "-id").values_list("pk", flat=True))


def walk(client, query: dict) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """Every row by following "next", and the number of queries of each page."""
    seen, queries, cursor = [], [], ""
    while True:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {**query, **({"after": cursor} if cursor else {})})
        assert response.status_code == 200
        page = response.context["keyset_page"]
        seen += [r.pk for r in page.rows]
        queries.append(len(captured))
        for entry in captured.captured_queries:
            assert " OFFSET " not in entry["sql"].upper()
        if not page.has_next:
            return seen, queries
        cursor = page.next_cursor


def test_it_pages_every_result_newest_first_with_the_same_queries_per_page(personas, results) -> None:
    seen, queries = walk(client_for(personas.bureau), {"per_page": 25})
    assert seen == order(Result.objects.all()) and len(seen) == 80
    assert len(queries) == 4 and len(set(queries)) == 1  # page 4 costs what page 1 costs


def test_it_sorts_by_time_only_either_way(personas, results) -> None:
    client = client_for(personas.bureau)
    oldest = client.get(URL, {"sort": "sampled_at", "per_page": 25}).context["keyset_page"].rows
    assert [r.pk for r in oldest] == order(Result.objects.all())[::-1][:25]
    # another column is not a sort: the list stays newest first
    other = client.get(URL, {"sort": "value", "per_page": 25}).context["keyset_page"].rows
    assert [r.pk for r in other] == order(Result.objects.all())[:25]


def test_it_jumps_to_a_local_day(personas, results) -> None:
    page = client_for(personas.bureau).get(URL, {"at": "2025-06-17"}).context["keyset_page"]
    end_of_day = datetime(2025, 6, 17, 16, 0, tzinfo=UTC)  # midnight after 2025-06-17 in Dalian
    expected = order(Result.objects.filter(sampled_at__lt=end_of_day))[:25]
    assert [r.pk for r in page.rows] == expected and page.has_previous


def test_day_filters_are_local_days_on_the_time_index(personas, results) -> None:
    client = client_for(personas.bureau)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(URL, {"start": "2025-06-19", "per_page": 250}).context["keyset_page"].rows
    # 07:30 and 00:30 on the 19th in Dalian, both on the 18th in UTC
    assert {r.sampled_at for r in first} == {T0, T0 - timedelta(hours=7)} and len(first) == 8
    before = client.get(URL, {"end": "2025-06-18", "per_page": 250}).context["keyset_page"].rows
    assert len(before) == 72 and max(r.sampled_at for r in before) == T0 - timedelta(hours=14)
    # a range on the time itself, not a date of it computed for every row
    assert not any("django_datetime_cast_date" in q["sql"] or "AT TIME ZONE" in q["sql"]
                   for q in captured.captured_queries)  # fmt: skip


def test_it_filters_by_substance_and_searches_sites_and_substances(personas, results, sites) -> None:
    client = client_for(personas.bureau)
    pfoa = Substance.objects.get(name_zh="列表物质甲")
    seen, _ = walk(client, {"substance": pfoa.pk, "per_page": 25})
    assert seen == order(Result.objects.filter(substance=pfoa))
    seen, _ = walk(client, {"q": "物质乙", "per_page": 25})
    assert seen == order(Result.objects.exclude(substance=pfoa))
    seen, _ = walk(client, {"q": "DL-SE-03", "per_page": 25})
    assert seen == order(Result.objects.filter(site=sites["DL-SE-03"]))


def test_a_district_pages_only_its_own_sites(personas, results, sites) -> None:
    seen, _ = walk(client_for(personas.district), {"per_page": 25})
    ganjingzi = [sites["DL-SE-03"], sites["DL-SD-01"]]
    assert seen == order(Result.objects.filter(site__in=ganjingzi)) and seen


def test_the_count_is_shown_without_counting_the_table(personas, results) -> None:
    response = client_for(personas.bureau).get(URL)
    count = response.context["row_count"]
    assert (count.n, count.kind) == (80, "exact")
    assert "共 80 条记录" in response.content.decode()


def test_csv_and_excel_exports_are_streamed_with_every_row(personas, results, monkeypatch) -> None:
    monkeypatch.setattr("npgov.core.exports.XLSX_IN_MEMORY_BYTES", 0)  # as a workbook of a million rows
    client = client_for(personas.bureau)
    response = client.get(URL, {"export": "csv", "after": "ignored"})
    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 81 and rows[0][0].startswith("采样时间")  # the page's language (Chinese)
    workbook = client.get(URL, {"export": "xlsx", "sort": "sampled_at"})
    assert isinstance(workbook, FileResponse)
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = list(sheet.values)
    assert len(values) == 81 and values[1][0] <= values[-1][0]  # oldest first, as sorted


def test_the_export_reads_in_chunks(personas, results, monkeypatch) -> None:
    monkeypatch.setattr("npgov.core.pagination.EXPORT_CHUNK", 30)
    from npgov.core import pagination

    calls = []
    original = pagination.Keyset.sorted

    def counting(self, queryset):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, queryset)

    monkeypatch.setattr(pagination.Keyset, "sorted", counting)
    response = client_for(personas.bureau).get(URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 81 and len(calls) == 3  # 30 + 30 + 20 rows: three short queries, not one list


def test_the_import_batches_list_pages_by_cursor(personas, results) -> None:
    response = client_for(personas.bureau).get(reverse("monitoring:batch_list"))
    assert response.status_code == 200 and response.context["keyset_page"].is_first


def test_a_search_for_a_site_the_user_may_not_see_finds_nothing_without_reading_results(personas, results) -> None:
    client = client_for(personas.district)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": "DL-DW-01"})  # a Zhuanghe site; the user is Ganjingzi's
    assert response.status_code == 200 and response.context["keyset_page"].rows == []
    assert response.context["row_count"].n == 0
    assert not any('FROM "monitoring_result"' in q["sql"] for q in captured.captured_queries)
