"""Batch screening: caps stated and enforced, a job per file, per-user limits, a job page that opens (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from npgov.core.models import Job
from npgov.regulations.services.screening import SCREENING_LIMITS, SCREENING_PER_HOUR
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters() -> None:
    cache.clear()  # the hourly counters live in the cache


def upload(client: Any, content: bytes, capture: Any, *, run: bool = True, name: str = "inventory.csv") -> Any:
    with translation.override("en"), capture(execute=run):
        return client.post(reverse("regulations:screening_upload"), {"file": SimpleUploadedFile(name, content)},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


def test_the_job_page_of_a_screening_with_row_errors_opens(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(personas.enterprise)
    upload(client, b"cas\n75-09-2\n1763-23-2\nnot-a-chemical-xyz\n", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == "succeeded" and job.result["rows_with_errors"] == 2
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert reverse("regulations:screening_report", args=[job.pk]) in page.content.decode()
    assert client.get(reverse("regulations:screening_report", args=[job.pk])).status_code == 200


def test_a_file_over_the_size_cap_is_refused_before_any_job(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    big = b"cas\n" + b"75-09-2\n" * (SCREENING_LIMITS.max_bytes // 8 + 1)
    response = upload(client_for(personas.enterprise), big, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "at most 5 MB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_over_the_row_cap_fails_at_the_first_row_too_many(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    rows = b"".join(b"75-09-2\n" for _ in range(SCREENING_LIMITS.max_rows + 1))
    upload(client_for(personas.enterprise), b"cas\n" + rows, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == "failed"
    assert "5,000" in job.log[-1]["message"] and "5002" in job.log[-1]["message"]  # the row, counting the titles


def test_one_screening_at_a_time_per_user(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(personas.enterprise)
    first = upload(client, b"cas\n75-09-2\n", django_capture_on_commit_callbacks, run=False)  # still pending
    assert first.status_code == 302
    second = upload(client, b"cas\n108-88-3\n", django_capture_on_commit_callbacks, run=False)
    assert second.status_code == 429 and second["Retry-After"]
    assert "You already have 1 such job" in second.content.decode()  # the message of core.throttle
    assert Job.objects.count() == 1
    # another user is not held up
    other = upload(client_for(personas.bureau), b"cas\n108-88-3\n", django_capture_on_commit_callbacks)
    assert other.status_code == 302


def test_at_most_so_many_screenings_an_hour(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(personas.enterprise)
    for _n in range(SCREENING_PER_HOUR):
        assert upload(client, b"cas\n75-09-2\n", django_capture_on_commit_callbacks).status_code == 302
    refused = upload(client, b"cas\n75-09-2\n", django_capture_on_commit_callbacks)
    assert refused.status_code == 429 and "per hour" in refused.content.decode()
    assert Job.objects.count() == SCREENING_PER_HOUR


def test_the_page_states_the_caps(personas: Personas) -> None:
    with translation.override("en"):
        page = client_for(personas.enterprise).get(reverse("regulations:classify"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "At most 5 MB, 5,000 rows and 50 columns per file." in text
    assert f"At most {SCREENING_PER_HOUR} files an hour per user, one at a time." in text


def test_the_classify_api_takes_as_many_identifiers_as_the_page(personas: Personas) -> None:
    client = APIClient()
    client.force_authenticate(personas.enterprise)
    url = reverse("api:classify")
    assert client.post(url, {"identifiers": ["75-09-2"] * 500}, format="json").status_code == 200
    assert client.post(url, {"identifiers": ["75-09-2"] * 501}, format="json").status_code == 400
    assert client.post(url, {"identifiers": "75-09-2"}, format="json").status_code == 400
    assert client.post(url, {"identifiers": ["C" * 2001]}, format="json").status_code == 400


BAD_QUERIES = ("?kind=x", "?is_current=maybe", "?q=%00", "?page=x", "?sort=-nonexistent", "?export=pdf",
               "?regulatory_list=abc", "?identifier=%00", "?cas=%EF%BC%95%EF%BC%90")  # fmt: skip


@pytest.mark.parametrize("name", ["regulations:list_index", "regulations:classify", "substances:substance_list",
                                  "substances:substance_suggest", "api:regulations-list-list",
                                  "api:regulations-entry-list", "api:substances-substance-list"])  # fmt: skip
def test_bad_query_strings_never_answer_500(personas: Personas, name: str) -> None:
    client = client_for(personas.bureau)
    for query in BAD_QUERIES:
        assert client.get(reverse(name) + query).status_code < 500, (name, query)


@pytest.mark.parametrize("text", ["%00", "C" * 3000, "\u202e" * 10, "ＣＡＳ　１７６３－２３－１"])
def test_odd_classify_input_never_answers_500(personas: Personas, text: str) -> None:
    response = client_for(personas.bureau).post(reverse("regulations:classify"), {"identifiers": text})
    assert response.status_code < 500
